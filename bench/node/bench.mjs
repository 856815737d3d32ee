// The official @libsql/client (0.18.0, from tests/interop/node_modules) driven by bench/Libsql.Bench so that its
// runs interleave with the .NET clients' runs against the same server. Reads one JSON command per stdin line,
// runs that workload once, answers one JSON line.
// Usage: node bench.mjs <url> <token>
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = path.join(here, "..", "..", "tests", "interop", "node_modules", "@libsql", "client", "lib-esm", "node.js");
const { createClient } = await import(pathToFileURL(entry).href);

const [url, authToken] = process.argv.slice(2);
const client = createClient({ url, authToken });

const workloads = {
  // (a) one atomic batch of INSERTs, the official client's "write" mode.
  async a({ count }) {
    const statements = [];
    for (let k = 0; k < count; k++) {
      statements.push({ sql: "INSERT INTO bench_a (i, t, r) VALUES (?, ?, ?)", args: [k, "text " + k, k * 0.5] });
    }
    await client.batch(statements, "write");
    return {};
  },
  // (b) every value of a 10,000-row result touched.
  async b() {
    const rs = await client.execute("SELECT id, i, t, r, b FROM bench_b");
    let checksum = 0;
    for (const row of rs.rows) {
      checksum += row[0] + row[1] + row[2].length + Math.trunc(row[3]) + row[4].byteLength;
    }
    return { checksum };
  },
  // (c) point reads, all issued at once (the client's own concurrency limit applies: 20 by default).
  async c({ ids }) {
    await Promise.all(ids.map((id) => client.execute({ sql: "SELECT id, i, t, r, b FROM bench_b WHERE id = ?", args: [id] })));
    return {};
  },
  // (d) the official HTTP client has no streaming query: execute() buffers the whole result.
  async d() {
    const rs = await client.execute("SELECT id, i, t FROM bench_d");
    const peak = process.memoryUsage().heapUsed;
    let checksum = 0;
    for (const row of rs.rows) checksum += row[0] + row[1] + row[2].length;
    return { rows: rs.rows.length, peakBytes: peak, checksum };
  },
};

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const command = JSON.parse(line);
  if (command.op === "quit") break;
  try {
    const result = await workloads[command.op](command);
    console.log(JSON.stringify({ ok: true, ...result }));
  } catch (error) {
    console.log(JSON.stringify({ ok: false, error: String(error) }));
  }
}
client.close();
// stdin stays open in the parent; leave explicitly.
process.exit(0);
