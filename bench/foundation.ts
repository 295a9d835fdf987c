/**
 * Foundation benchmarks: steps/s of `step` (an API update through validation, admission and the store) and store
 * operations/s, on states of 1k, 10k and 100k objects, to show that a step's cost does not grow with the number
 * of objects (O(log n) persistent structures).
 */
import { bootstrap } from "../model/bootstrap.ts";
import { step } from "../model/step.ts";
import { handle } from "../model/apiserver/handle.ts";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import { storeEmpty, storeGet, storePut } from "../model/store/store.ts";
import { measure, heapMB, type BenchResult } from "./harness.ts";

const podObj = (i: number): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: `p-${i}`, namespace: "default", labels: { app: `a${i % 50}` } },
  spec: { containers: [{ name: "c", image: "nginx:1.25", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] },
});

/** A cluster holding n pods (created through the API server). */
export function clusterWithPods(n: number): State {
  let s = bootstrap();
  for (let i = 0; i < n; i++) {
    s = handle(s, { verb: "create", resource: "pods", namespace: "default", object: podObj(i) }).state;
  }
  return s;
}

export function foundationBenchmarks(sizes: readonly number[] = [1_000, 10_000, 100_000]): BenchResult[] {
  const out: BenchResult[] = [];
  for (const n of sizes) {
    const t0 = process.hrtime.bigint();
    const base = clusterWithPods(n);
    const buildSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    let s = base;
    out.push(
      measure(
        `step: patch a pod label (${n} pods)`,
        (i) => {
          s = step(s, { type: "api", client: "bench", request: { verb: "patch", resource: "pods", namespace: "default", name: `p-${i % n}`, patch: { metadata: { labels: { round: String(i) } } } } });
        },
        { minSeconds: 1 },
        { objects: n, buildSeconds: +buildSeconds.toFixed(2), createsPerSecond: Math.round(n / buildSeconds), heapMB: heapMB() },
      ),
    );
  }
  // Raw etcd-model operations on 10k keys.
  let st = storeEmpty<number>();
  for (let i = 0; i < 10_000; i++) st = (storePut(st, `/registry/pods/default/p-${i}`, i) as any).store;
  out.push(measure("store: put (10k keys)", (i) => {
    st = (storePut(st, `/registry/pods/default/p-${i % 10_000}`, i) as any).store;
  }, { minSeconds: 0.5 }, { objects: 10_000 }));
  out.push(measure("store: get (10k keys)", (i) => {
    storeGet(st, `/registry/pods/default/p-${i % 10_000}`);
  }, { minSeconds: 0.5 }, { objects: 10_000 }));
  return out;
}
