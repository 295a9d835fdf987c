/**
 * `npm run bench`: every benchmark, printed as a table and written as JSON to bench/results/latest.json
 * (or the path given with --out). Pass --quick for smaller sizes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { foundationBenchmarks } from "./foundation.ts";
import { checkerBenchmarks } from "./checker.ts";
import { lifecycleBenchmarks } from "./lifecycles.ts";
import { scaleBenchmarks } from "./scale.ts";
import { zooBenchmarks } from "./zoo.ts";
import type { BenchResult } from "./harness.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const outIdx = args.indexOf("--out");
const outFile = outIdx >= 0 ? args[outIdx + 1]! : "bench/results/latest.json";

const results: BenchResult[] = [];
const run = (group: string, f: () => BenchResult[]) => {
  for (const r of f()) {
    results.push({ ...r, group });
    console.log(`${r.name.padEnd(48)} ${String(r.opsPerSecond).padStart(10)} ops/s${r.heapMB !== undefined ? `  heap ${r.heapMB} MB` : ""}`);
  }
};

run("foundation", () => foundationBenchmarks(quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]));
run("checker", () => checkerBenchmarks(quick));
run("lifecycles", () => lifecycleBenchmarks(quick));
run("scale", () => scaleBenchmarks(quick));
run("zoo", () => zooBenchmarks());

const doc = { node: process.version, date: new Date().toISOString(), quick, results };
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(doc, null, 2) + "\n");
console.log(`wrote ${outFile}`);
