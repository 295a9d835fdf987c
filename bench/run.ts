/**
 * `npm run bench`: every benchmark (the serve load last), printed as a table and written as JSON to bench/results/latest.json
 * (or the path given with --out). Pass --quick for smaller sizes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { foundationBenchmarks } from "./foundation.ts";
import { checkerBenchmarks } from "./checker.ts";
import { lifecycleBenchmarks } from "./lifecycles.ts";
import { scaleBenchmarks } from "./scale.ts";
import { zooBenchmarks } from "./zoo.ts";
import { serveLoadBenchmarks } from "./serve-load.ts";
import { boundedWorkBenchmarks } from "./bounded.ts";
import type { BenchResult } from "./harness.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const outIdx = args.indexOf("--out");
const outFile = outIdx >= 0 ? args[outIdx + 1]! : "bench/results/latest.json";

const results: BenchResult[] = [];
const run = async (group: string, f: () => BenchResult[] | Promise<BenchResult[]>) => {
  for (const r of await f()) {
    results.push({ ...r, group });
    const heap = typeof r.heapMB === "object" ? JSON.stringify(r.heapMB) : r.heapMB;
    console.log(`${r.name.padEnd(48)} ${String(r.opsPerSecond).padStart(10)} ops/s${heap !== undefined ? `  heap ${heap} MB` : ""}${typeof r.lost === "number" ? `  lost ${r.lost}` : ""}`);
  }
};

await run("foundation", () => foundationBenchmarks(quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]));
await run("checker", () => checkerBenchmarks(quick));
await run("lifecycles", () => lifecycleBenchmarks(quick));
await run("scale", () => scaleBenchmarks(quick));
await run("zoo", () => zooBenchmarks());
// A Deployment of 1e9 replicas simulated with the default settle budget (bench/bounded.ts): about a minute.
if (!quick) await run("bounded", () => boundedWorkBenchmarks());
// The load on `kubeprop serve` (bench/serve-load.ts); `npm run bench:serve` runs it alone into serve-load.json.
await run("serve", () => serveLoadBenchmarks(quick));

const doc = { node: process.version, date: new Date().toISOString(), quick, results };
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(doc, null, 2) + "\n");
console.log(`wrote ${outFile}`);
// A load run that lost an acknowledged write or a watch event fails the bench.
if (results.some((r) => typeof r.lost === "number" && r.lost > 0)) {
  console.error("bench: the serve load lost something (see its problems in the results)");
  process.exitCode = 1;
}
