/**
 * Bounded work (issue 14): how long `kubeprop simulate` takes, with its default settle budget, on a Deployment of
 * 1,000,000,000 replicas on one node — the run that used to go on for more than 5 minutes without a word. It runs
 * the simulation as the CLI does (the invariant monitor watching every step) in this process, and records wall
 * and CPU seconds, the steps, the pods the model's space quota let in, how many wait unscheduled, the heap, and
 * the line simulate prints for the settle that ran out. `npm run bench:bounded` writes bench/results/bounded-work.json;
 * `npm run bench` runs it too (not with --quick).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadavg } from "node:os";
import { parseScenario } from "../model/scenario/parse.ts";
import { describeUnsettled, podCounts } from "../model/scenario/unsettled.ts";
import { DEFAULT_SETTLE_STEPS, runSimulation } from "../cli/simulate.ts";
import type { BenchResult } from "./harness.ts";

const SCENARIO = `name: big
nodes: [{ name: n1 }]
objects:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web }
    spec:
      replicas: 1000000000
      selector: { matchLabels: { app: web } }
      template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: c, image: nginx }] } }
steps:
  - settle: {}
`;

export function boundedWorkBenchmarks(): BenchResult[] {
  const scenario = parseScenario(SCENARIO, "big.yaml");
  globalThis.gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = runSimulation({ scenario, file: "big.yaml" });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const heapMB = Math.round(process.memoryUsage().heapUsed / 1e6);
  const pc = podCounts(r.state);
  return [
    {
      name: "simulate 1e9-replica Deployment, default budget",
      ops: r.trace.length,
      seconds: Math.round(seconds * 10) / 10,
      opsPerSecond: Math.round(r.trace.length / seconds),
      cpuSeconds: Math.round(((cpu.user + cpu.system) / 1e6) * 10) / 10,
      budget: DEFAULT_SETTLE_STEPS,
      quiet: r.unsettled.length === 0,
      exitCode: r.unsettled.length > 0 || r.violations.length > 0 ? 1 : 0,
      pods: pc.pods,
      pending: pc.pending,
      heapMB,
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
      line: r.unsettled.length > 0 ? describeUnsettled(r.trace, r.unsettled[0]!, r.state) : "quiet",
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = boundedWorkBenchmarks();
  for (const x of results) console.log(JSON.stringify(x, null, 2));
  const out = "bench/results/bounded-work.json";
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ node: process.version, date: new Date().toISOString(), results }, null, 2) + "\n");
  console.log(`wrote ${out}`);
}
