// Fidelity suite: libSQL's own TypeScript client (@libsql/client, pinned by tests/interop/package-lock.json)
// against a server started by the .NET test (Libsql.TestServer, or sqld). Tokens are minted here with jose
// from the private key the test generated. Run with `node --test`; inputs come from the environment:
//   LIBSQL_URL                     the server's base URL, e.g. http://127.0.0.1:8080
//   LIBSQL_TEST_PRIVATE_KEY_PEM    PKCS#8 PEM of the Ed25519 key whose public half the server trusts
//   LIBSQL_EXPECT_PROTOBUF         "true" when /v3-protobuf is offered, "false" when the client must use /v2
import { test } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import * as hrana from "@libsql/hrana-client";
import { importPKCS8, SignJWT } from "jose";

const url = process.env.LIBSQL_URL;
const pem = process.env.LIBSQL_TEST_PRIVATE_KEY_PEM;
const expectProtobuf = process.env.LIBSQL_EXPECT_PROTOBUF === "true";
assert.ok(url, "LIBSQL_URL is required");
assert.ok(pem, "LIBSQL_TEST_PRIVATE_KEY_PEM is required");

const key = await importPKCS8(pem, "EdDSA");
const mint = (claims = {}, { expiresAt } = {}) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", typ: "JWT" }).setIssuedAt();
  if (expiresAt !== undefined) jwt.setExpirationTime(expiresAt);
  return jwt.sign(key);
};

// Every URL the client fetches, to check which Hrana path it chose.
const paths = new Set();
const recordingFetch = (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  paths.add(new URL(request.url).pathname);
  return fetch(request);
};

const fullToken = await mint();
const connect = (options = {}) => createClient({ url, authToken: fullToken, fetch: recordingFetch, ...options });
const client = connect();
const bigClient = connect({ intMode: "bigint" });
let tableCounter = 0;
const table = (prefix = "t") => `${prefix}_${process.pid}_${++tableCounter}`;

// The HTTP status of a failed request, wherever the client put it in the cause chain.
const statusOf = (error) => {
  for (let e = error; e; e = e.cause) if (typeof e.status === "number") return e.status;
  return undefined;
};

test("round trip", async () => {
  const t = table();
  await client.execute(`CREATE TABLE ${t}(id INTEGER PRIMARY KEY, name TEXT)`);
  await client.execute({ sql: `INSERT INTO ${t}(name) VALUES (?)`, args: ["alice"] });
  const rs = await client.execute(`SELECT id, name FROM ${t}`);
  assert.equal(rs.rows.length, 1);
  assert.equal(rs.rows[0].name, "alice");
  assert.equal(rs.rows[0][0], 1);
});

test("@libsql/client speaks /v2/pipeline JSON", async () => {
  // @libsql/client 0.18.0 opens its hrana-client at protocol version 2 (it passes no version to openHttp), so it
  // never probes /v3-protobuf; the Protobuf tests below drive @libsql/hrana-client at version 3 directly.
  await client.execute("SELECT 1");
  assert.ok(paths.has("/v2/pipeline"), [...paths].join(", "));
});

test("every value type at its limits", async () => {
  const t = table();
  await bigClient.execute(`CREATE TABLE ${t}(i INTEGER, v)`);
  const values = [
    9223372036854775807n, -9223372036854775808n, 0n,
    1.5, -0.25, Number.MAX_VALUE, Number.MIN_VALUE,
    "", "héllo 👋 \"quoted\"\n",
    new Uint8Array([0, 1, 2, 250, 255]).buffer, new Uint8Array([]).buffer,
    null,
  ];
  for (const [i, v] of values.entries()) {
    await bigClient.execute({ sql: `INSERT INTO ${t} VALUES (?, ?)`, args: [i, v] });
  }
  const rs = await bigClient.execute(`SELECT v FROM ${t} ORDER BY i`);
  const got = rs.rows.map((r) => r.v);
  assert.deepEqual(got.slice(0, 3), [9223372036854775807n, -9223372036854775808n, 0n]);
  assert.deepEqual(got.slice(3, 7), [1.5, -0.25, Number.MAX_VALUE, Number.MIN_VALUE]);
  assert.deepEqual(got.slice(7, 9), ["", "héllo 👋 \"quoted\"\n"]);
  assert.deepEqual(new Uint8Array(got[9]), new Uint8Array([0, 1, 2, 250, 255]));
  assert.equal(got[10].byteLength, 0);
  assert.equal(got[11], null);

  // In the default "number" mode a 64-bit integer that does not fit is refused, not rounded.
  await assert.rejects(client.execute("SELECT 9223372036854775807"), RangeError);
  const exact = await client.execute({ sql: "SELECT ?", args: [9007199254740991] });
  assert.equal(exact.rows[0][0], 9007199254740991);
});

test("positional and named arguments", async () => {
  const values = (rs) => Array.from({ length: rs.columns.length }, (_, i) => rs.rows[0][i]);
  const positional = await client.execute({ sql: "SELECT ?, ?3, ?1", args: ["a", "b", "c"] });
  assert.deepEqual(values(positional), ["a", "c", "a"]);
  const named = await client.execute({ sql: "SELECT :x, @y, $z", args: { x: 1, y: "two", z: null } });
  assert.deepEqual(values(named), [1, "two", null]);
  const prefixed = await client.execute({ sql: "SELECT :x", args: { ":x": 5 } });
  assert.equal(prefixed.rows[0][0], 5);
});

test("rowsAffected and lastInsertRowid", async () => {
  const t = table();
  await client.execute(`CREATE TABLE ${t}(id INTEGER PRIMARY KEY, v TEXT)`);
  const insert = await client.execute(`INSERT INTO ${t}(id, v) VALUES (10, 'a'), (11, 'b')`);
  assert.equal(insert.rowsAffected, 2);
  assert.equal(insert.lastInsertRowid, 11n);
  const update = await client.execute(`UPDATE ${t} SET v = 'c'`);
  assert.equal(update.rowsAffected, 2);
  assert.equal(update.lastInsertRowid, undefined);
  const select = await client.execute(`SELECT * FROM ${t}`);
  assert.equal(select.rowsAffected, 0);
});

test("write batch is atomic: a failing third statement leaves nothing", async () => {
  const t = table();
  await client.execute(`CREATE TABLE ${t}(id INTEGER PRIMARY KEY, v TEXT NOT NULL)`);
  await assert.rejects(
    client.batch([
      { sql: `INSERT INTO ${t}(v) VALUES (?)`, args: ["one"] },
      { sql: `INSERT INTO ${t}(v) VALUES (?)`, args: ["two"] },
      { sql: `INSERT INTO ${t}(v) VALUES (?)`, args: [null] },
    ], "write"),
    (e) => e.code === "SQLITE_CONSTRAINT",
  );
  assert.equal((await client.execute(`SELECT count(*) AS n FROM ${t}`)).rows[0].n, 0);

  const results = await client.batch([
    { sql: `INSERT INTO ${t}(v) VALUES (?)`, args: ["one"] },
    `SELECT count(*) FROM ${t}`,
  ], "write");
  assert.equal(results[0].rowsAffected, 1);
  assert.equal(results[1].rows[0][0], 1);
});

test("default (deferred) batch works too", async () => {
  const results = await client.batch(["SELECT 1", "SELECT 2"]);
  assert.deepEqual(results.map((r) => r.rows[0][0]), [1, 2]);
});

test("read batch: READONLY is not enforced, as in sqld", async () => {
  // The client begins a "read" batch with BEGIN TRANSACTION READONLY; libsql's parse.y maps READONLY to DEFERRED,
  // so sqld 0.24.33 lets a write through. Where the stand-in and sqld differ, sqld is right.
  const t = table();
  await client.execute(`CREATE TABLE ${t}(a)`);
  const rows = await client.batch([`SELECT count(*) FROM ${t}`], "read");
  assert.equal(rows[0].rows[0][0], 0);
  await client.batch([`INSERT INTO ${t} VALUES (1)`], "read");
  assert.equal((await client.execute(`SELECT count(*) FROM ${t}`)).rows[0][0], 1);
});

test("interactive transaction: commit, isolation, rollback", async () => {
  const t = table();
  await client.execute(`CREATE TABLE ${t}(a)`);

  const tx = await client.transaction("write");
  await tx.execute(`INSERT INTO ${t} VALUES (1)`);
  assert.equal((await tx.execute(`SELECT count(*) FROM ${t}`)).rows[0][0], 1);
  const other = connect();
  assert.equal((await other.execute(`SELECT count(*) FROM ${t}`)).rows[0][0], 0, "uncommitted write visible to another client");
  await tx.commit();
  assert.equal((await other.execute(`SELECT count(*) FROM ${t}`)).rows[0][0], 1);
  other.close();

  const rolledBack = await client.transaction("write");
  await rolledBack.execute(`INSERT INTO ${t} VALUES (2)`);
  await rolledBack.rollback();
  assert.equal((await client.execute(`SELECT count(*) FROM ${t}`)).rows[0][0], 1);

  const closed = await client.transaction("deferred");
  await closed.execute(`INSERT INTO ${t} VALUES (3)`);
  closed.close();
  assert.equal((await client.execute(`SELECT count(*) FROM ${t}`)).rows[0][0], 1, "closing without commit must roll back");
});

test("executeMultiple stops at the first error", async () => {
  const t = table();
  await assert.rejects(
    client.executeMultiple(`CREATE TABLE ${t}(a UNIQUE); INSERT INTO ${t} VALUES (1); INSERT INTO ${t} VALUES (1); INSERT INTO ${t} VALUES (2);`),
    (e) => e.code === "SQLITE_CONSTRAINT",
  );
  assert.equal((await client.execute(`SELECT count(*) FROM ${t}`)).rows[0][0], 1);
});

test("syntax, missing table and constraint errors carry their codes", async () => {
  await assert.rejects(client.execute("SELEC 1"), (e) => e.code === "SQL_PARSE_ERROR");
  await assert.rejects(client.execute("SELECT 1; SELECT 2"), (e) => e.code === "SQL_MANY_STATEMENTS");
  await assert.rejects(client.execute("SELECT * FROM no_such_table_here"), (e) => e.code === "SQLITE_UNKNOWN" && /no such table/.test(e.message));
  const t = table();
  await client.execute(`CREATE TABLE ${t}(a UNIQUE)`);
  await client.execute(`INSERT INTO ${t} VALUES (1)`);
  await assert.rejects(client.execute(`INSERT INTO ${t} VALUES (1)`), (e) => e.code === "SQLITE_CONSTRAINT" && /UNIQUE constraint failed/.test(e.message));
});

test("10,000-row result", async () => {
  const rs = await client.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10000) SELECT x, 'row ' || x AS label FROM n");
  assert.equal(rs.rows.length, 10000);
  assert.equal(rs.rows[9999].x, 10000);
  assert.equal(rs.rows[4999].label, "row 5000");
});

test("100 concurrent requests", async () => {
  const t = table();
  await client.execute(`CREATE TABLE ${t}(id INTEGER PRIMARY KEY, v INTEGER)`);
  const wide = connect({ concurrency: 100 });
  const work = Array.from({ length: 100 }, (_, i) => i % 2 === 0
    ? wide.execute({ sql: `INSERT INTO ${t}(v) VALUES (?)`, args: [i] })
    : wide.execute(`SELECT count(*) FROM ${t}`));
  const results = await Promise.all(work);
  assert.equal(results.length, 100);
  assert.equal((await wide.execute(`SELECT count(*) FROM ${t}`)).rows[0][0], 50);
  wide.close();
});

test("column names and declared types", async () => {
  const t = table();
  await client.execute(`CREATE TABLE ${t}(a VARCHAR(20), b my odd TYPE, c, d DECIMAL(10, 2))`);
  const rs = await client.execute(`SELECT a, b AS renamed, c, d, 1 + 1 FROM ${t}`);
  assert.deepEqual(rs.columns, ["a", "renamed", "c", "d", "1 + 1"]);
  assert.deepEqual(rs.columnTypes, ["VARCHAR(20)", "my odd TYPE", "", "DECIMAL(10, 2)", ""]);
});

test("auth: no token is 401", async () => {
  const anonymous = createClient({ url });
  await assert.rejects(anonymous.execute("SELECT 1"), (e) => statusOf(e) === 401);
  anonymous.close();
});

test("auth: wrong key, wrong alg and expired tokens are 401", async () => {
  const { generateKeyPair } = await import("jose");
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const foreign = await new SignJWT({}).setProtectedHeader({ alg: "EdDSA" }).sign(privateKey);
  const hs256 = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("0123456789abcdef0123456789abcdef"));
  const expired = await mint({}, { expiresAt: Math.floor(Date.now() / 1000) - 120 });
  for (const token of [foreign, hs256, expired]) {
    const c = createClient({ url, authToken: token });
    await assert.rejects(c.execute("SELECT 1"), (e) => statusOf(e) === 401);
    c.close();
  }

  // Within sqld's 60 s leeway an expired token still works.
  const lenient = createClient({ url, authToken: await mint({}, { expiresAt: Math.floor(Date.now() / 1000) - 10 }) });
  assert.equal((await lenient.execute("SELECT 1")).rows[0][0], 1);
  lenient.close();
});

test("auth: a read-only token reads, and a write fails the whole request with 403", async () => {
  const t = table();
  await client.execute(`CREATE TABLE ${t}(a)`);
  for (const claims of [{ a: "ro" }, { p: { ro: { ns: ["default"] } } }]) {
    const reader = createClient({ url, authToken: await mint(claims) });
    assert.equal((await reader.execute(`SELECT count(*) FROM ${t}`)).rows[0][0], 0);
    await assert.rejects(reader.execute(`INSERT INTO ${t} VALUES (1)`), (e) => statusOf(e) === 403);
    await assert.rejects(reader.batch([`INSERT INTO ${t} VALUES (1)`], "write"), (e) => statusOf(e) === 403);
    reader.close();
  }
  assert.equal((await client.execute(`SELECT count(*) FROM ${t}`)).rows[0][0], 0);
});

test("legacy POST /: results, a failed statement rolls back, interactive transactions and read-only writes refused", async () => {
  const t = table();
  const legacy = async (statements, token = fullToken) => {
    const headers = { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(new URL("/", url), { method: "POST", headers, body: JSON.stringify({ statements }) });
    return { status: response.status, body: await response.json() };
  };

  let { status, body } = await legacy([`CREATE TABLE ${t}(a, b)`, { q: `INSERT INTO ${t} VALUES (?, ?)`, params: [1, "x"] }, `SELECT a, b FROM ${t}`]);
  assert.equal(status, 200);
  assert.equal(body.length, 3);
  assert.deepEqual(body[2].results.columns, ["a", "b"]);
  assert.deepEqual(body[2].results.rows, [[1, "x"]]);

  ({ status, body } = await legacy(["BEGIN", `INSERT INTO ${t} VALUES (2, 'y')`, "INSERT INTO no_such_table VALUES (1)", "COMMIT"]));
  assert.equal(status, 200);
  assert.equal(body[2].error, "no such table: no_such_table");
  assert.equal(body[3], null);
  ({ body } = await legacy([`SELECT count(*) FROM ${t}`]));
  assert.deepEqual(body[0].results.rows, [[1]]);

  ({ status, body } = await legacy([`INSERT INTO ${t} VALUES (3, 'z')`, "BEGIN"]));
  assert.equal(status, 400);
  assert.equal(body.error, "Query error: `interactive transaction not allowed in HTTP queries`");

  assert.equal((await legacy(["SELECT 1"], null)).status, 401);
  assert.equal((await legacy([`INSERT INTO ${t} VALUES (4, 'w')`], await mint({ a: "ro" }))).status, 403);
  ({ body } = await legacy([`SELECT count(*) FROM ${t}`]));
  assert.deepEqual(body[0].results.rows, [[1]]);
});

test("classification: sqld refuses what it has no statement kind for, and nothing reaches the file system", async () => {
  const { mkdtempSync, readdirSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const outside = mkdtempSync(join(tmpdir(), "libsql-fidelity-"));
  await client.execute("CREATE TABLE IF NOT EXISTS classify_base(a)");
  const refused = [
    "VACUUM", "ANALYZE", "CREATE TEMP TABLE tmp_fidelity(a)", "CREATE TEMPORARY VIEW tmp_fidelity_v AS SELECT 1",
    "PRAGMA wal_checkpoint", "PRAGMA optimize", "PRAGMA journal_mode = DELETE", "PRAGMA cache_size(10)", "PRAGMA no_such_pragma",
    `VACUUM INTO '${outside}/vacuum.db'`, `ATTACH '${outside}/attach.db' AS o`, `PRAGMA temp_store_directory = '${outside}'`,
  ];
  try {
    for (const sql of refused) {
      await assert.rejects(client.execute(sql), (e) => e.code === "SQL_PARSE_ERROR" && e.message.includes(`unsupported statement: ${sql}`), sql);
    }
    assert.deepEqual(readdirSync(outside), []);
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

test("classification: what sqld supports runs, BEGIN TRANSACTION READONLY is a deferred transaction", async () => {
  const t = table();
  await client.execute(`CREATE TABLE ${t}(a)`);
  for (const sql of ["EXPLAIN SELECT 1", "EXPLAIN QUERY PLAN SELECT 1", `PRAGMA table_info(${t})`, "PRAGMA foreign_keys", "PRAGMA user_version",
    "PRAGMA journal_mode", "DROP TABLE IF EXISTS no_such_table_fidelity", "REINDEX"]) {
    await client.execute(sql);
  }
  await client.executeMultiple(`BEGIN TRANSACTION READONLY; INSERT INTO ${t} VALUES (1); COMMIT;`);
  assert.equal((await client.execute(`SELECT count(*) FROM ${t}`)).rows[0][0], 1);
});

test("classification: a read-only token is refused every write kind, pragmas sqld counts as writes included", async () => {
  const t = table();
  await client.execute(`CREATE TABLE ${t}(a)`);
  const reader = createClient({ url, authToken: await mint({ a: "ro" }) });
  for (const sql of [`DELETE FROM ${t}`, `CREATE INDEX ${t}_i ON ${t}(a)`, `DROP TABLE ${t}`, "PRAGMA foreign_keys", "PRAGMA integrity_check", "PRAGMA user_version"]) {
    await assert.rejects(reader.execute(sql), (e) => statusOf(e) === 403, sql);
  }
  assert.equal((await reader.execute("PRAGMA table_list")).rows.length > 0, true);
  reader.close();
});

test("classification: ATTACH is of a namespace by name, with AttachRead and allow_attach", async () => {
  await assert.rejects(client.execute(`ATTACH "default" AS other`), (e) => statusOf(e) === 403);
});

test("limits: a result over 10MB fails with RESPONSE_TOO_LARGE", async () => {
  await assert.rejects(client.execute("SELECT randomblob(10000001)"), (e) => e.code === "RESPONSE_TOO_LARGE");
  assert.equal((await client.execute("SELECT length(randomblob(10000001))")).rows[0][0], 10000001);
});

test("transactions: a write transaction older than 5 s loses its lock to a waiting writer, then times out", async () => {
  const t = table();
  await client.execute(`CREATE TABLE ${t}(a)`);
  const tx = await client.transaction("write");
  await tx.execute(`INSERT INTO ${t} VALUES (1)`);
  await client.execute(`INSERT INTO ${t} VALUES (2)`);
  await assert.rejects(tx.execute("SELECT 1"), (e) => e.code === "TRANSACTION_TIMEOUT");
  tx.close();
  assert.deepEqual((await client.execute(`SELECT a FROM ${t}`)).rows.map((r) => r.a), [2]);
});

test("auth: a token for another namespace is 404", async () => {
  const elsewhere = createClient({ url, authToken: await mint({ id: "some-other-namespace" }) });
  await assert.rejects(elsewhere.execute("SELECT 1"), (e) => statusOf(e) === 404);
  elsewhere.close();
  const scoped = createClient({ url, authToken: await mint({ id: "default" }) });
  assert.equal((await scoped.execute("SELECT 1")).rows[0][0], 1);
  scoped.close();
});

// --- sqld's other user routes, through fetch (the client never uses them) ---
const post = (path, body, token = fullToken) =>
  fetch(new URL(path, url), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

test("hrana v1: execute and batch answer {result}, a parse error is 400 with its code", async () => {
  const t = table("v1");
  assert.equal((await post("/v1/execute", { stmt: { sql: `CREATE TABLE ${t}(a)` } })).status, 200);
  const batch = await post("/v1/batch", {
    batch: {
      steps: [
        { stmt: { sql: `INSERT INTO ${t} VALUES (?)`, args: [{ type: "integer", value: "7" }] } },
        { stmt: { sql: `SELECT a FROM ${t}` }, condition: { type: "ok", step: 0 } },
      ],
    },
  });
  assert.equal(batch.status, 200);
  const { result } = await batch.json();
  assert.deepEqual(result.step_results[1].rows, [[{ type: "integer", value: "7" }]]);
  assert.deepEqual(result.step_errors, [null, null]);

  const select = await (await post("/v1/execute", { stmt: { sql: `SELECT a FROM ${t}` } })).json();
  assert.deepEqual(select.result.cols.map((c) => c.name), ["a"]);
  assert.deepEqual(select.result.rows, [[{ type: "integer", value: "7" }]]);

  const parse = await post("/v1/execute", { stmt: { sql: "SELEC 1" } });
  assert.equal(parse.status, 400);
  assert.equal((await parse.json()).code, "SQL_PARSE_ERROR");
  assert.equal((await post("/v1/execute", { stmt: { sql: "SELECT 1" } }, await mint({ id: "some-other-namespace" }))).status, 404);
});

test("GET /dump replays to the same rows", async () => {
  const t = table("dump");
  await client.batch([`CREATE TABLE ${t}(id INTEGER PRIMARY KEY, name TEXT, price REAL, data BLOB)`,
    { sql: `INSERT INTO ${t}(name, price, data) VALUES (?, ?, ?)`, args: ["it's\ntwo lines", 2.5, new Uint8Array([0, 255]).buffer] }], "write");
  const response = await fetch(new URL("/dump", url), { headers: { authorization: `Bearer ${fullToken}` } });
  assert.equal(response.status, 200);
  const dump = await response.text();
  assert.ok(dump.startsWith("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n"), dump.slice(0, 80));
  assert.ok(dump.endsWith("COMMIT;\n"));
  const line = dump.split("\n").find((l) => l.startsWith(`INSERT INTO`) && l.includes(t));
  assert.ok(line, `no INSERT for ${t}`);

  // Replayed into a scratch table of the same server, the row reads back the same.
  const copy = table("replayed");
  await client.execute(`CREATE TABLE ${copy}(id INTEGER PRIMARY KEY, name TEXT, price REAL, data BLOB)`);
  await client.execute(line.replace(/^INSERT INTO ("?)[^ (]+\1/, `INSERT INTO ${copy}`));
  const [original, replayed] = await Promise.all([t, copy].map((n) => client.execute(`SELECT name, price, hex(data) AS data FROM ${n}`)));
  assert.deepEqual(replayed.rows.map((r) => ({ ...r })), original.rows.map((r) => ({ ...r })));
  assert.equal((await fetch(new URL("/dump", url))).status, 401);
});

test("dev route: /dev/:namespace/v:version/pipeline takes the namespace from the path", async () => {
  const body = { requests: [{ type: "execute", stmt: { sql: "SELECT 1" } }, { type: "close" }] };
  const ok = await post("/dev/default/v2/pipeline", body);
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).results[0].response.result.rows[0][0].value, "1");
  assert.equal((await post("/dev/default/v4/pipeline", body)).status, 400);
});

// --- Protobuf, through @libsql/hrana-client at protocol version 3 (what it negotiates by GET /v3-protobuf) ---
const protobufOptions = { skip: expectProtobuf ? false : "protobuf is switched off on this server" };
const openV3 = async (token = fullToken) => {
  const c = hrana.openHttp(url, token, recordingFetch, undefined, 3);
  assert.equal(await c.getVersion(), 3);
  return c;
};

test("protobuf: values at their limits and statement results", protobufOptions, async () => {
  const c = await openV3();
  const s = c.openStream();
  s.intMode = "bigint";
  const t = table("pb");
  await s.run(`CREATE TABLE ${t}(id INTEGER PRIMARY KEY, v)`);
  const insert = await s.run([`INSERT INTO ${t}(v) VALUES (?), (?), (?), (?), (?), (?)`,
    [9223372036854775807n, -9223372036854775808n, 2.5, "téxt", new Uint8Array([0, 255]), null]]);
  assert.equal(insert.affectedRowCount, 6);
  assert.equal(insert.lastInsertRowid, 6n);
  const rs = await s.query(`SELECT v FROM ${t} ORDER BY id`);
  assert.deepEqual(rs.columnNames, ["v"]);
  const got = rs.rows.map((r) => r[0]);
  assert.deepEqual(got.slice(0, 4), [9223372036854775807n, -9223372036854775808n, 2.5, "téxt"]);
  assert.deepEqual(new Uint8Array(got[4]), new Uint8Array([0, 255]));
  assert.equal(got[5], null);
  s.close();
  c.close();
  assert.ok(paths.has("/v3-protobuf/pipeline"), [...paths].join(", "));
});

test("protobuf: batch conditions, cursor and interactive transaction on one stream", protobufOptions, async () => {
  const c = await openV3();
  const s = c.openStream();
  const t = table("pbtx");
  await s.run(`CREATE TABLE ${t}(a NOT NULL)`);
  await s.run("BEGIN");
  assert.equal(await s.getAutocommit(), false);

  const batch = s.batch(true); // through /v3-protobuf/cursor
  const okStep = batch.step();
  const ok = okStep.run(`INSERT INTO ${t} VALUES (1)`);
  const bad = batch.step().condition(hrana.BatchCond.ok(okStep)).run(`INSERT INTO ${t} VALUES (NULL)`);
  const rows = batch.step().query(`SELECT count(*) FROM ${t}`);
  // Each step's promise settles as its cursor entries arrive, possibly before execute() does: handle the rejection
  // from the start, or Node reports it as unhandled.
  const badRejected = assert.rejects(bad, (e) => e.code === "SQLITE_CONSTRAINT");
  await batch.execute();
  assert.equal((await ok).affectedRowCount, 1);
  await badRejected;
  assert.equal((await rows).rows[0][0], 1);

  const other = await openV3();
  const otherStream = other.openStream();
  assert.equal(await otherStream.queryValue(`SELECT count(*) FROM ${t}`).then((r) => r.value), 0);
  await s.run("COMMIT");
  assert.equal(await otherStream.queryValue(`SELECT count(*) FROM ${t}`).then((r) => r.value), 1);
  otherStream.close();
  other.close();
  s.close();
  c.close();
  assert.ok(paths.has("/v3-protobuf/cursor"), [...paths].join(", "));
});

test("protobuf: error codes and a 403 for a read-only token", protobufOptions, async () => {
  const c = await openV3();
  const s = c.openStream();
  await assert.rejects(s.run("SELEC 1"), (e) => e.code === "SQL_PARSE_ERROR");
  await assert.rejects(s.run("SELECT * FROM no_such_table_pb"), (e) => e.code === "SQLITE_UNKNOWN");
  s.close();
  c.close();

  const reader = await openV3(await mint({ a: "ro" }));
  const rs = reader.openStream();
  await assert.rejects(rs.run("CREATE TABLE pb_forbidden(a)"), (e) => statusOf(e) === 403);
  reader.close();
});
