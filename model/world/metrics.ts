/**
 * The model metrics server: per-pod usage that the environment reports, kept in `state.world.metrics` (a B-tree
 * keyed "namespace/name"). It is not in etcd: in Kubernetes the HPA controller reads usage through the aggregated
 * APIs metrics.k8s.io (metrics-server, resource metrics) and custom.metrics.k8s.io (an adapter, per-pod custom
 * metrics), which are served from memory of scrapes, never stored by the API server. Reading the world through
 * {@link podMetrics} stands for those two APIs. A pod with no entry has no metric (a missing pod for the HPA's
 * replica calculator).
 *
 * Usage changes only by the `metrics.set` world action (a scenario or a generator saying "the load changed"),
 * registered by {@link registerMetricsWorldHandler}.
 */
import type { Action } from "../actions.ts";
import type { State } from "../state.ts";
import type { PodMetrics } from "./types.ts";
import type { EffectLog } from "../effects.ts";
import { btreeDelete, btreeGet, btreeSet, type BTree } from "../collections/btree.ts";
import { storeRangePrefix } from "../store/store.ts";
import { BUILTIN_BY_ID, storagePrefix } from "../apiserver/resources.ts";

/**
 * The window a resource metrics sample covers, in seconds: metrics-server computes cpu usage as a rate over two
 * scrapes at its default --metric-resolution of 15 s. The HPA ignores a cpu sample of a pod that became Ready
 * less than one window before the sample (the sample may still include start-up cpu).
 */
export const METRICS_WINDOW_SECONDS = 15;

/** A `pod` ending in this character in a metrics.set action names every current pod whose name has that prefix. */
export const POD_PREFIX_WILDCARD = "*";

const PODS = BUILTIN_BY_ID.get("pods")!;

/** The metrics key of a pod. */
export const podMetricsKey = (namespace: string, name: string): string => `${namespace}/${name}`;

/**
 * What the metrics APIs report for a pod now, or undefined when they have nothing for it. The sample is always
 * fresh: metrics-server scrapes continuously, so its timestamp is the time of the read (`state.clock.now`).
 */
export function podMetrics(state: State, namespace: string, name: string): PodMetrics | undefined {
  return btreeGet(state.world.metrics, podMetricsKey(namespace, name));
}

/**
 * The new entry of a pod after a metrics.set: cpu replaced when given, custom metrics merged by name; an action
 * with neither clears the entry (the pod stops being reported, as when metrics-server loses its scrape).
 */
function nextEntry(old: PodMetrics | undefined, cpuMilli: number | undefined, custom: Readonly<Record<string, number>> | undefined): PodMetrics | undefined {
  if (cpuMilli === undefined && custom === undefined) return undefined;
  const cpu = cpuMilli ?? old?.cpuMilli;
  const merged = custom === undefined ? old?.custom : { ...(old?.custom ?? {}), ...custom };
  return { ...(cpu !== undefined ? { cpuMilli: cpu } : {}), ...(merged !== undefined ? { custom: merged } : {}) };
}

function setEntry(metrics: BTree<PodMetrics>, key: string, entry: PodMetrics | undefined): BTree<PodMetrics> {
  return entry === undefined ? btreeDelete(metrics, key) : btreeSet(metrics, key, entry);
}

/**
 * The pods a metrics.set names: one pod, or with a trailing `*` every pod of the namespace that exists now and
 * whose name starts with the prefix (a scenario cannot know the names a ReplicaSet generates; metrics-server
 * likewise reports every running pod). O(log n + k) over the namespace's pod keys.
 */
function targetPods(state: State, namespace: string, pod: string): string[] {
  if (!pod.endsWith(POD_PREFIX_WILDCARD)) return [pod];
  const prefix = pod.slice(0, -POD_PREFIX_WILDCARD.length);
  const base = storagePrefix(PODS, namespace);
  const r = storeRangePrefix(state.store, `${base}${prefix}`);
  return r.ok ? r.kvs.map((kv) => kv.key.slice(base.length)) : [];
}

/** Applies a metrics.set action. */
export function applyMetricsSet(state: State, action: Action, log: EffectLog): State {
  if (action.type !== "metrics.set") return state;
  let metrics = state.world.metrics;
  for (const name of targetPods(state, action.namespace, action.pod)) {
    const key = podMetricsKey(action.namespace, name);
    metrics = setEntry(metrics, key, nextEntry(btreeGet(metrics, key), action.cpuMilli, action.custom));
  }
  const what = [
    action.cpuMilli !== undefined ? `cpu ${action.cpuMilli}m` : "",
    action.custom !== undefined ? JSON.stringify(action.custom) : "",
  ].filter((x) => x !== "").join(" ");
  log.push({ kind: "note", who: "metrics", text: `pod ${action.namespace}/${action.pod}: ${what || "no metrics"}` });
  return metrics === state.world.metrics ? state : { ...state, world: { ...state.world, metrics } };
}
