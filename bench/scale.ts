/**
 * Scale benchmarks (issue 3): how the model copes with Kubernetes' scale envelope (5,000 nodes, 150,000 pods).
 *
 * (a) Scheduling throughput: 1,000 nodes and 30,000 bare pods created through the API; only kube-scheduler
 *     runs (its informer syncs and reconciles, taken as settle would take them). Reports pods scheduled per CPU
 *     second of the scheduler's schedule action (reconcile) and the whole time to bind every pod.
 * (b) Settle: N nodes, then N×30 pods as ReplicaSets (or Deployments) of 100 replicas, and `settle` until the
 *     cluster is quiet (every pod bound and Running). Reports wall and CPU seconds, steps, heap, and where the
 *     time went: settle's own loop against the steps, and the steps by action (from a timed replay).
 * (c) The ReplicaSet controller's sync with the pod index against the namespace scan it replaced, at a namespace
 *     of 30,000 pods (what one sync costs, not a whole settle).
 *
 * `npm run bench` runs the default sizes in-process (scaleBenchmarks). The ladder towards 5,000 × 150,000 runs
 * with `node --expose-gc --import tsx bench/scale.ts` (the `bench:scale` script): each size in its own child
 * process with a budget of CPU seconds (default 600) and of heap (default 16 GB; the bench machine has 23 GB for
 * everyone); it stops at the first size that does not finish and records which size was the largest to run and
 * why the next one stopped (time or memory, with the progress measured when it stopped). It also runs (a) at full
 * size and (c) at 30,000 pods. Results go to bench/results/scale.json.
 *
 * Times are CPU seconds of this process (process.cpuUsage) besides wall seconds: the bench machine is shared, and
 * CPU time is what another engineer's load changes least.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadavg } from "node:os";
import { bootstrap } from "../model/bootstrap.ts";
import { addNode } from "../model/add-node.ts";
import { handle } from "../model/apiserver/handle.ts";
import { isStatus } from "../model/apiserver/status.ts";
import { settle } from "../model/settle.ts";
import { step, stepWithEffects } from "../model/step.ts";
import { componentActions } from "../model/enabled.ts";
import { btreeGet, btreePrefix } from "../model/collections/btree.ts";
import { BUILTIN_KINDS } from "../model/builtin-kinds.ts";
import { fixedKind } from "../model/components/kinds.ts";
import { clusterOf } from "../model/cluster.ts";
import { makeReplicaSetBehavior, REPLICA_SET_FLAVOR } from "../model/controllers/replicaset/index.ts";
import type { Action } from "../model/actions.ts";
import type { ApiRequest } from "../model/apiserver/request.ts";
import type { KObject } from "../model/objects/types.ts";
import type { State } from "../model/state.ts";
import type { BenchResult } from "./harness.ts";

/** A cluster size: nodes and pods (30 pods a node, Kubernetes' density for its 5,000-node envelope). */
export interface ScaleSize {
  readonly nodes: number;
  readonly pods: number;
}

/** Limits of one settle run. */
export interface ScaleBudget {
  /**
   * CPU seconds (of this process) the run may take before it is stopped. CPU, not wall: the bench machine is
   * shared, and wall time there measures the other users' load as much as the model.
   */
  readonly seconds: number;
  /** Heap (MB) above which the settle is stopped. */
  readonly heapMB: number;
  /**
   * ReplicaSets (default) or Deployments. A Deployment's controller requeues it at its progress deadline (600 s),
   * a one-shot timer, so settle then also runs 600 logical seconds of heartbeats (node status and Lease writes of
   * every node, and what they wake): the benchmark measures the pods' path unless asked for that too.
   */
  readonly workload?: Workload;
}

const SCHEDULER = "kube-scheduler";
const POD_REQUESTS = { cpu: "100m", memory: "64Mi" };
/** Room for 80 such pods a node: 30 a node always fit, whatever the spread. */
const NODE_CAPACITY = { cpu: "8", memory: "32Gi", pods: "110" };

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const wallSeconds = (): number => performance.now() / 1000;
const round = (x: number, digits = 2): number => +x.toFixed(digits);
const heapUsedMB = (collect = false): number => {
  if (collect && global.gc) global.gc();
  return round(process.memoryUsage().heapUsed / 1024 / 1024, 1);
};

function must(s: State, request: ApiRequest): State {
  const r = handle(s, request);
  if (isStatus(r.result)) throw new Error(`bench: ${request.verb} ${request.resource}: ${r.result.code} ${r.result.message}`);
  return r.state;
}

const nodeName = (i: number): string => `node-${String(i).padStart(5, "0")}`;

/** A cluster of `nodes` registered nodes (kubelet and kube-proxy components started, nothing settled yet). */
export function clusterWithNodes(nodes: number): State {
  let s = bootstrap({ config: { quotaBackendBytes: 0 } }); // the scale envelope is past the model's default space quota (model/config.ts)
  for (let i = 0; i < nodes; i++) {
    const r = addNode(s, { name: nodeName(i), capacity: NODE_CAPACITY });
    if (r.error) throw new Error(`bench: addNode ${nodeName(i)}: ${r.error.message}`);
    s = r.state;
  }
  return s;
}

const container = { name: "app", image: "nginx:1.25", resources: { requests: POD_REQUESTS } };

/** A bare pod (no owner), as a user would create it. */
const barePod = (i: number): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: `pod-${String(i).padStart(6, "0")}`, labels: { app: `app-${i % 300}` } },
  spec: { containers: [container] },
});

/** What the settle benchmark creates: ReplicaSets, or Deployments (which add their rollout and its timers). */
export type Workload = "replicasets" | "deployments";

/** A ReplicaSet or Deployment of `replicas` pods. */
const workloadObject = (workload: Workload, i: number, replicas: number): KObject => {
  const labels = { app: `app-${String(i).padStart(4, "0")}` };
  return {
    apiVersion: "apps/v1",
    kind: workload === "deployments" ? "Deployment" : "ReplicaSet",
    metadata: { name: labels.app },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } },
  };
};

/** The scheduler's next action (informer syncs first, then a reconcile), or undefined when it has nothing to do. */
function schedulerAction(s: State): Action | undefined {
  return componentActions(BUILTIN_KINDS.runtime(s.config), s, btreeGet(s.components, SCHEDULER)!)[0];
}

/**
 * (a) Scheduling throughput. Pods are created through the API server; then only the scheduler runs: its pod and
 * node informers deliver, and each reconcile runs one scheduling cycle (filter, score, assume, bind).
 */
export function schedulingThroughput(size: ScaleSize): BenchResult {
  const t0 = cpuSeconds();
  let s = clusterWithNodes(size.nodes);
  const nodesSeconds = cpuSeconds() - t0;
  const t1 = cpuSeconds();
  for (let i = 0; i < size.pods; i++) s = must(s, { verb: "create", resource: "pods", namespace: "default", object: barePod(i) });
  const createSeconds = cpuSeconds() - t1;
  let reconciles = 0;
  let reconcileSeconds = 0;
  let syncs = 0;
  let syncSeconds = 0;
  const wall0 = wallSeconds();
  const t2 = cpuSeconds();
  for (let a = schedulerAction(s); a; a = schedulerAction(s)) {
    const ta = cpuSeconds();
    s = step(s, a);
    const d = cpuSeconds() - ta;
    if (a.type === "reconcile") {
      reconciles++;
      reconcileSeconds += d;
    } else {
      syncs++;
      syncSeconds += d;
    }
  }
  const bindSeconds = cpuSeconds() - t2;
  const bindWallSeconds = wallSeconds() - wall0;
  let bound = 0;
  for (const [, kv] of btreePrefix(s.store.kvs, "/registry/pods/default/")) if (kv.value.spec?.nodeName) bound++;
  return {
    name: `scale: schedule ${size.pods} pods on ${size.nodes} nodes`,
    ops: bound,
    seconds: round(bindSeconds, 3),
    opsPerSecond: Math.round(bound / reconcileSeconds),
    unit: "pods scheduled per CPU second of the scheduler's reconcile (one scheduling cycle each)",
    nodes: size.nodes,
    pods: size.pods,
    bound,
    schedulerReconciles: reconciles,
    schedulerReconcileCpuSeconds: round(reconcileSeconds),
    schedulerInformerSyncs: syncs,
    schedulerInformerSyncCpuSeconds: round(syncSeconds),
    bindAllCpuSeconds: round(bindSeconds),
    bindAllWallSeconds: round(bindWallSeconds),
    bindAllPodsPerSecond: Math.round(bound / bindSeconds),
    setupNodesCpuSeconds: round(nodesSeconds),
    setupCreatePodsCpuSeconds: round(createSeconds),
    heapMB: heapUsedMB(true),
  };
}

/** How a settle run ended. */
export interface SettleOutcome {
  readonly ran: boolean;
  /** Why it did not finish: "time" or "memory" (with what was measured). */
  readonly reason?: string;
}

/** Action label for the time breakdown: component kind (kubelets and proxies folded) and resource. */
function actionLabel(a: Action): string {
  if (a.type === "informer.sync") return `informer.sync ${a.component.replace(/\/.*$/, "/*")} ${a.resource}`;
  if (a.type === "reconcile") return `reconcile ${a.component.replace(/^(kubelet|kube-proxy)\/.*/, "$1/*")}`;
  return a.type;
}

/** Pods in the store, bound, and Running (one pass over the pods' key range). */
function podCounts(s: State): { pods: number; bound: number; running: number } {
  let pods = 0;
  let bound = 0;
  let running = 0;
  for (const [, kv] of btreePrefix(s.store.kvs, "/registry/pods/")) {
    pods++;
    if (kv.value.spec?.nodeName) bound++;
    if (kv.value.status?.phase === "Running") running++;
  }
  return { pods, bound, running };
}

/**
 * (b) Settle at a size: nodes register and settle, then workloads of 100 replicas are created and `settle`
 * runs until the cluster is quiet, or until the budget is spent (then the result says why and how far it got).
 */
export function settleAtSize(size: ScaleSize, budget: ScaleBudget): BenchResult & SettleOutcome {
  const deadline = cpuSeconds() + budget.seconds;
  let stopReason: string | undefined;
  let steps = 0;
  let stopCalls = 0;
  let peakHeapMB = 0;
  // settle asks before every action (and once per component per round): look at the clock and the heap only
  // every 4,096 questions.
  const stop = (): boolean => {
    if (stopReason !== undefined) return true;
    if (++stopCalls % 4096 !== 0) return false;
    const heap = process.memoryUsage().heapUsed / 1024 / 1024;
    peakHeapMB = Math.max(peakHeapMB, heap);
    if (heap > budget.heapMB) stopReason = `memory: heap ${Math.round(heap)} MB > budget ${budget.heapMB} MB after ${steps} steps`;
    else if (cpuSeconds() > deadline) stopReason = `time: ${budget.seconds} CPU s budget spent after ${steps} steps`;
    return stopReason !== undefined;
  };
  const cpu0 = cpuSeconds();
  let s = clusterWithNodes(size.nodes);
  s = settle(s, { maxSteps: Number.MAX_SAFE_INTEGER, stop }).state;
  const nodesSettleCpuSeconds = cpuSeconds() - cpu0;
  const perWorkload = Math.min(100, size.pods);
  for (let i = 0; i * perWorkload < size.pods; i++) {
    const workload = budget.workload ?? "replicasets";
    s = must(s, { verb: "create", resource: `${workload}.apps`, namespace: "default", object: workloadObject(workload, i, Math.min(perWorkload, size.pods - i * perWorkload)) });
  }
  // The actions settle takes are recorded, and replayed afterwards one by one under the clock: settle's own work
  // (choosing the next action) and the steps' work are then told apart, which timing inside onStep cannot do.
  const start = s;
  const actions: Action[] = [];
  const settleWall0 = wallSeconds();
  const settleCpu0 = cpuSeconds();
  const r = settle(s, {
    maxSteps: Number.MAX_SAFE_INTEGER,
    onStep: (a) => {
      actions.push(a);
      steps++;
    },
    stop,
  });
  s = r.state;
  const settleCpuSeconds = cpuSeconds() - settleCpu0;
  const settleWallSeconds = wallSeconds() - settleWall0;
  const counts = podCounts(s);
  // The replay has its own allowance (half the budget again): it is measurement, not part of what is measured.
  const replay = replaySteps(start, actions, cpuSeconds() + budget.seconds / 2);
  const top = [...replay.byLabel.entries()]
    .sort((x, y) => y[1].cpu - x[1].cpu)
    .slice(0, 12)
    .map(([action, v]) => ({ action, count: v.count, seconds: round(v.cpu), msEach: round((v.cpu * 1000) / v.count, 3) }));
  const ran = r.quiesced && stopReason === undefined;
  // How far it got, to extrapolate the time a stopped run would have needed.
  const progress = counts.running / size.pods;
  return {
    name: `scale: settle ${size.nodes} nodes, ${size.pods} pods (${budget.workload ?? "replicasets"})`,
    ops: r.steps,
    seconds: round(settleWallSeconds, 3),
    opsPerSecond: Math.round(r.steps / settleCpuSeconds),
    unit: "settle steps per CPU second",
    ran,
    ...(ran ? {} : { reason: stopReason ?? `settle stopped after ${r.steps} steps without quiescing` }),
    nodes: size.nodes,
    podsWanted: size.pods,
    components: s.components.size,
    ...counts,
    settleCpuSeconds: round(settleCpuSeconds),
    settleWallSeconds: round(settleWallSeconds),
    ...(replay.complete
      ? { stepsCpuSeconds: round(replay.cpu), settleLoopCpuSeconds: round(settleCpuSeconds - replay.cpu) }
      : { replayedSteps: replay.steps, note: "the replay that splits the time ran out of budget: the breakdown covers the first replayed steps" }),
    nodesSettleCpuSeconds: round(nodesSettleCpuSeconds),
    ...(ran || progress <= 0 ? {} : { runningFraction: round(progress, 3), extrapolatedCpuSeconds: Math.round(settleCpuSeconds / progress) }),
    peakHeapMB: round(Math.max(peakHeapMB, heapUsedMB()), 1),
    heapMB: heapUsedMB(true),
    // Where the steps' time went, by action (wall time of each step in the replay).
    topActionsByTime: top,
  };
}

/**
 * Replays recorded actions from `start`, timing each step by action label; stops at the CPU deadline. Each step is
 * timed with performance.now(), not process.cpuUsage(): cpuUsage is a system call that cost 16 µs here, as much as
 * a cheap step, and timing a million steps with it added seconds that the breakdown then charged to the steps.
 * The total is CPU time (one cpuUsage call before and after), so settle's own loop is still settle's CPU time
 * minus the steps'.
 */
function replaySteps(start: State, actions: readonly Action[], deadline: number): { byLabel: Map<string, { count: number; cpu: number }>; cpu: number; steps: number; complete: boolean } {
  const byLabel = new Map<string, { count: number; cpu: number }>();
  let s = start;
  const cpu0 = cpuSeconds();
  let i = 0;
  for (; i < actions.length; i++) {
    if (i % 4096 === 0 && cpuSeconds() > deadline) break;
    const a = actions[i]!;
    const t = performance.now();
    s = stepWithEffects(s, a).state;
    const d = (performance.now() - t) / 1000;
    const label = actionLabel(a);
    const b = byLabel.get(label);
    if (b) {
      b.count++;
      b.cpu += d;
    } else byLabel.set(label, { count: 1, cpu: d });
  }
  return { byLabel, cpu: cpuSeconds() - cpu0, steps: i, complete: i === actions.length };
}

/**
 * (c) One ReplicaSet sync in a namespace of `pods` pods (300 ReplicaSets of 100, all synced), with the pod index
 * and with the namespace scan it replaced: CPU milliseconds per sync of a ReplicaSet that is at its replicas.
 */
export function replicaSetSyncCost(pods: number): BenchResult[] {
  // The namespace-scan controller as a kind of its own, beside the built-in one (what a user's controller is too).
  const SCAN_KIND = "replicaset-controller-namespace-scan";
  const scan = makeReplicaSetBehavior({ podLister: "namespace-scan", kind: SCAN_KIND });
  const cluster = clusterOf(BUILTIN_KINDS.with(fixedKind(scan)));
  const out: BenchResult[] = [];
  // One cluster with the pods (created by the indexed controller), then the same store read by each variant.
  let s = bootstrap({ config: { quotaBackendBytes: 0 }, without: ["scheduler", "deployment-controller", "garbagecollector", "endpoint-controller", "resourcequota-controller", "horizontalpodautoscaler-controller", "nodelifecycle-controller", "replicationcontroller-controller"] });
  const sets = Math.max(1, Math.round(pods / 100));
  for (let i = 0; i < sets; i++) {
    const labels = { app: `rs-${i}` };
    s = must(s, { verb: "create", resource: "replicasets.apps", namespace: "default", object: { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: `rs-${String(i).padStart(4, "0")}` }, spec: { replicas: 100, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } } } });
  }
  s = settle(s, { maxSteps: Number.MAX_SAFE_INTEGER }).state;
  for (const [variant, kind] of [["pod index", REPLICA_SET_FLAVOR.behaviorKind], ["namespace scan", SCAN_KIND]] as const) {
    let v = cluster.addComponent(s, "bench/replicaset", kind);
    v = cluster.settle(v, { maxSteps: Number.MAX_SAFE_INTEGER, noTimers: true }).state; // list, then one sync per ReplicaSet
    const keys = Array.from({ length: sets }, (_, i) => `default/rs-${String(i).padStart(4, "0")}`);
    const t0 = cpuSeconds();
    let syncs = 0;
    while (cpuSeconds() - t0 < 1 || syncs < 50) {
      v = cluster.step(v, { type: "enqueue", component: "bench/replicaset", key: keys[syncs % keys.length]! });
      v = cluster.step(v, { type: "reconcile", component: "bench/replicaset" });
      syncs++;
    }
    const seconds = cpuSeconds() - t0;
    out.push({
      name: `scale: ReplicaSet sync with ${variant} (${sets * 100} pods in the namespace)`,
      ops: syncs,
      seconds: round(seconds, 3),
      opsPerSecond: Math.round(syncs / seconds),
      unit: "syncs per CPU second (a ReplicaSet of 100 at its replicas: claim + status)",
      podsInNamespace: sets * 100,
      msPerSync: round((seconds * 1000) / syncs, 3),
    });
  }
  return out;
}

/** The default-size scale section of `npm run bench` (bench/run.ts). */
export function scaleBenchmarks(quick = false): BenchResult[] {
  const sched: ScaleSize = quick ? { nodes: 1_000, pods: 3_000 } : { nodes: 1_000, pods: 30_000 };
  const settleSize: ScaleSize = quick ? { nodes: 20, pods: 600 } : { nodes: 30, pods: 900 };
  return [
    schedulingThroughput(sched),
    settleAtSize(settleSize, { seconds: 300, heapMB: 8_192 }),
    ...replicaSetSyncCost(quick ? 3_000 : 10_000),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// The ladder (`bench:scale`): one child process per size, largest size that ran and why the next did not.

/** The sizes tried in order: 30 pods a node up to Kubernetes' envelope. */
export const LADDER: readonly ScaleSize[] = [
  { nodes: 100, pods: 3_000 },
  { nodes: 300, pods: 9_000 },
  { nodes: 1_000, pods: 30_000 },
  { nodes: 2_000, pods: 60_000 },
  { nodes: 5_000, pods: 150_000 },
];

interface ChildReport {
  readonly kind: "result";
  readonly result: BenchResult & SettleOutcome;
}

function runChild(size: ScaleSize, budget: ScaleBudget): BenchResult & SettleOutcome {
  const self = fileURLToPath(import.meta.url);
  // Old space a little above the budget, so the budget check (not V8) stops a run that grows too big; a run that
  // still dies (an allocation spike between checks) is reported from its exit status.
  const heapLimit = Math.round(budget.heapMB * 1.1);
  const child = spawnSync(process.execPath, [`--max-old-space-size=${heapLimit}`, "--expose-gc", "--import", "tsx", self, "--child", `${size.nodes}x${size.pods}`, String(budget.seconds), String(budget.heapMB)], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    // A safety net only (wall time on a shared machine): the CPU budget stops the run well before.
    timeout: budget.seconds * 20 * 1000,
  });
  const line = child.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (line) return (JSON.parse(line.slice(7)) as ChildReport).result;
  const oom = /heap out of memory|Allocation failed/i.test(child.stderr);
  return {
    name: `scale: settle ${size.nodes} nodes, ${size.pods} pods`,
    ops: 0,
    seconds: 0,
    opsPerSecond: 0,
    ran: false,
    reason: oom
      ? `memory: the process ran out of heap (limit ${heapLimit} MB)`
      : `the process ended without a result (status ${child.status}, signal ${child.signal}${child.error ? `, ${child.error.message}` : ""}): ${child.stderr.slice(-400)}`,
    nodes: size.nodes,
    podsWanted: size.pods,
  };
}

function parseSize(arg: string): ScaleSize {
  const m = /^(\d+)x(\d+)$/.exec(arg);
  if (!m) throw new Error(`bad size ${arg}: want NODESxPODS, e.g. 1000x30000`);
  return { nodes: Number(m[1]), pods: Number(m[2]) };
}

function main(argv: readonly string[]): void {
  if (argv[0] === "--child") {
    const result = settleAtSize(parseSize(argv[1]!), { seconds: Number(argv[2]), heapMB: Number(argv[3]) });
    process.stdout.write(`RESULT ${JSON.stringify({ kind: "result", result } satisfies ChildReport)}\n`);
    return;
  }
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const budget: ScaleBudget = { seconds: Number(opt("--budget-seconds") ?? 600), heapMB: Number(opt("--heap-mb") ?? 16_384) };
  const sizes = opt("--sizes")?.split(",").map(parseSize) ?? LADDER;
  const outFile = opt("--out") ?? "bench/results/scale.json";
  const results: BenchResult[] = [];
  const started = new Date().toISOString();
  if (!argv.includes("--no-scheduling")) {
    const r = schedulingThroughput({ nodes: 1_000, pods: 30_000 });
    results.push(r);
    console.log(`${r.name}: ${r.opsPerSecond} pods/s per scheduling CPU second; all bound in ${r.bindAllCpuSeconds} CPU s`);
  }
  if (!argv.includes("--no-replicaset")) {
    for (const r of replicaSetSyncCost(30_000)) {
      results.push(r);
      console.log(`${r.name}: ${r.msPerSync} ms per sync`);
    }
  }
  let largest: ScaleSize | undefined;
  let stoppedAt: { size: ScaleSize; reason: string } | undefined;
  for (const size of sizes) {
    const r = runChild(size, budget);
    results.push(r);
    console.log(`${r.name}: ${r.ran ? `settled in ${r.settleWallSeconds} s wall, ${r.settleCpuSeconds} CPU s` : `did not finish: ${r.reason}`}`);
    if (!r.ran) {
      stoppedAt = { size, reason: r.reason ?? "unknown" };
      break;
    }
    largest = size;
  }
  const doc = {
    node: process.version,
    date: started,
    loadAverage: loadavg().map((x) => round(x)),
    budget,
    largestSettled: largest ?? null,
    stoppedAt: stoppedAt ?? null,
    results,
  };
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(doc, null, 2) + "\n");
  console.log(`largest size settled: ${largest ? `${largest.nodes} nodes / ${largest.pods} pods` : "none"}${stoppedAt ? `; stopped at ${stoppedAt.size.nodes} / ${stoppedAt.size.pods}: ${stoppedAt.reason}` : ""}`);
  console.log(`wrote ${outFile}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
