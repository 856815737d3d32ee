// The official @libsql/client (0.18.0, from tests/interop/node_modules) on the same four workloads as
// bench/Libsql.Bench, against the same server. Prints one JSON object per workload on stdout.
// Usage: node bench.mjs <url> <token> <config-json>
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = path.join(here, "..", "..", "tests", "interop", "node_modules", "@libsql", "client", "lib-esm", "node.js");
const { createClient } = await import(pathToFileURL(entry).href);

const [url, authToken, configJson] = process.argv.slice(2);
const config = JSON.parse(configJson);
const client = createClient({ url, authToken });

async function measure({ warmups, repeats }, items, run) {
  for (let i = 0; i < warmups; i++) await run();
  const rates = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    rates.push(items / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  const mid = Math.floor(rates.length / 2);
  return rates.length % 2 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
}

function report(workload, unit, throughput, extra = {}) {
  console.log(JSON.stringify({ workload, unit, throughput, ...extra }));
}

if (config.a) {
  const n = config.a.count;
  const rate = await measure(config.a, n, async () => {
    const statements = [];
    for (let k = 0; k < n; k++) {
      statements.push({ sql: "INSERT INTO bench_a (i, t, r) VALUES (?, ?, ?)", args: [k, "text " + k, k * 0.5] });
    }
    await client.batch(statements, "write");
  });
  report("a", "rows/s", rate);
}

if (config.b) {
  let checksum = 0;
  const rate = await measure(config.b, config.b.rows, async () => {
    const rs = await client.execute("SELECT id, i, t, r, b FROM bench_b");
    for (const row of rs.rows) {
      checksum += row[0] + row[1] + row[2].length + Math.trunc(row[3]) + row[4].byteLength;
    }
  });
  report("b", "rows/s", rate, { checksum });
}

if (config.c) {
  const ids = config.c.ids;
  const rate = await measure(config.c, ids.length, async () => {
    await Promise.all(ids.map((id) => client.execute({ sql: "SELECT id, i, t, r, b FROM bench_b WHERE id = ?", args: [id] })));
  });
  report("c", "reads/s", rate);
}

if (config.d) {
  let peak = 0;
  const rate = await measure(config.d, config.d.rows, async () => {
    // The official HTTP client has no streaming query: execute() buffers the whole result.
    const rs = await client.execute("SELECT id, i, t FROM bench_d");
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    let checksum = 0;
    for (const row of rs.rows) checksum += row[0] + row[1] + row[2].length;
    if (checksum <= 0) throw new Error("empty result");
  });
  report("d", "rows/s", rate, { peakMiB: peak / (1024 * 1024) });
}

client.close();
