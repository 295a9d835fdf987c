/**
 * Why a settle step ran out of steps, in one line: "not quiet after 100000 steps: kube-controller-manager/replicaset
 * was still creating pods (11,480 pods, 11,370 Pending: 0/1 nodes are available: 1 Too many pods.); creates
 * refused: etcdserver: mvcc: database space exceeded". Who was still at work is read from the settle's last
 * actions (the component that wrote most, else the one that acted most); the pods and the pending ones, counted
 * by the scheduler's reason, from the state it stopped in (what `kubectl get pods` and `kubectl describe pod`
 * would show).
 */
import type { State } from "../state.ts";
import type { Effect } from "../effects.ts";
import { btreePrefix } from "../collections/btree.ts";
import type { TraceEntry } from "./run.ts";

/** How many of the settle's last actions are looked at to say who was still at work. */
const RECENT_ACTIONS = 2000;

const VERB_ING: Readonly<Record<string, string>> = { create: "creating", update: "updating", patch: "patching", delete: "deleting", deletecollection: "deleting" };

const count = (n: number) => n.toLocaleString("en-US");

/** The pods of the state, and the pending ones (not bound, not terminating) by the PodScheduled condition's reason and message. */
export function podCounts(state: State): { pods: number; pending: number; byWhy: [string, number][] } {
  let pods = 0;
  let pending = 0;
  const byWhy = new Map<string, number>();
  for (const [, kv] of btreePrefix(state.store.kvs, "/registry/pods/")) {
    const o = kv.value as any;
    pods++;
    if (o.spec?.nodeName || o.metadata?.deletionTimestamp) continue;
    pending++;
    const c = (o.status?.conditions ?? []).find((x: any) => x?.type === "PodScheduled" && x?.status === "False");
    if (c?.message) byWhy.set(c.message, (byWhy.get(c.message) ?? 0) + 1);
  }
  return { pods, pending, byWhy: [...byWhy].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])) };
}

/** Who was still at work in these actions, and doing what ("kube-controller-manager/replicaset was still creating pods"). */
function stillAtWork(recent: readonly TraceEntry[]): string {
  const actions = new Map<string, number>();
  const writes = new Map<string, Map<string, number>>();
  for (const t of recent) {
    const who = "component" in t.action && typeof t.action.component === "string" ? t.action.component : t.action.type === "clock.tick" ? "the clock (timers firing)" : t.action.type;
    actions.set(who, (actions.get(who) ?? 0) + 1);
    for (const e of t.effects) {
      if (e.kind !== "request" || !(e.verb in VERB_ING)) continue;
      const what = `${VERB_ING[e.verb]} ${e.resource}`;
      const m = writes.get(e.client) ?? new Map<string, number>();
      m.set(what, (m.get(what) ?? 0) + 1);
      writes.set(e.client, m);
    }
  }
  const top = <K>(m: Map<K, number>): K | undefined => [...m].sort((a, b) => b[1] - a[1])[0]?.[0];
  // A component's writes of events come with its real work; name the work unless events are all it wrote.
  const work = (m: Map<string, number>) => top(new Map([...m].filter(([w]) => !w.endsWith(" events")))) ?? top(m);
  const writer = top(new Map([...writes].map(([who, m]) => [who, [...m.values()].reduce((a, b) => a + b, 0)])));
  if (writer !== undefined) return `${writer} was still ${work(writes.get(writer)!)}`;
  const actor = top(actions);
  return actor === undefined ? "nothing was running" : `${actor} was still running (${count(actions.get(actor)!)} of the last ${count(recent.length)} actions)`;
}

/** The first refusal of a create in these effects that is not about the object itself (a full etcd, a quota). */
function refusedCreate(recent: readonly TraceEntry[]): string | undefined {
  for (let i = recent.length - 1; i >= 0; i--) {
    for (const e of recent[i]!.effects as readonly Effect[]) {
      if (e.kind === "request" && e.verb === "create" && e.code >= 500 && e.message) return e.message;
    }
  }
  return undefined;
}

/** The line for settle step `step` of a run that ran out of steps (its actions are the trace entries of that step). */
export function describeUnsettled(trace: readonly TraceEntry[], step: number, state: State): string {
  let steps = 0;
  let last = -1;
  for (let i = 0; i < trace.length; i++) {
    if (trace[i]!.step !== step) continue;
    steps++;
    last = i;
  }
  const recent: TraceEntry[] = [];
  for (let i = last; i >= 0 && recent.length < RECENT_ACTIONS; i--) if (trace[i]!.step === step) recent.push(trace[i]!);
  recent.reverse();
  const pc = podCounts(state);
  const why = pc.byWhy[0];
  const pods = pc.pods === 0 ? "" : ` (${count(pc.pods)} pods, ${count(pc.pending)} Pending${why ? `: ${why[0]}` : ""})`;
  const refused = refusedCreate(recent);
  // The model's store is far smaller than a real etcd's (model/config.ts quotaBackendBytes): say how to raise it,
  // since a legitimate workload of some thousands of pods meets it too.
  const quota = refused?.includes("database space exceeded")
    ? ` (the model's etcd quota, settings.quotaBackendBytes = ${state.config.quotaBackendBytes.toLocaleString("en-US")} bytes; set it higher, or 0 for none, for clusters of more than a few thousand pods)`
    : "";
  return `not quiet after ${steps} steps: ${stillAtWork(recent)}${pods}${refused ? `; creates refused: ${refused}${quota}` : ""}`;
}
