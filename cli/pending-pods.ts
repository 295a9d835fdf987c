/**
 * The pods the scheduler could not place, counted by why, for a run's summary: what `kubectl describe pod` shows
 * in its FailedScheduling event and the PodScheduled condition (reason Unschedulable, the message naming how many
 * nodes are available and why the others are not, pkg/scheduler/framework/types.go FitError.Error()).
 */
import type { State } from "../model/state.ts";
import { btreeValues } from "../model/collections/btree.ts";

/** "3 pods: 0/1 nodes are available: 1 Too many pods." lines, most common first. */
export function unschedulableSummary(state: State): string[] {
  const byWhy = new Map<string, number>();
  for (const kv of btreeValues(state.store.kvs)) {
    const o = kv.value as any;
    if (o?.kind !== "Pod" || o.spec?.nodeName || o.metadata?.deletionTimestamp) continue;
    const c = (o.status?.conditions ?? []).find((x: any) => x?.type === "PodScheduled");
    if (c?.status !== "False") continue;
    const why = `${c.reason ?? "Unschedulable"}: ${c.message ?? ""}`.trim();
    byWhy.set(why, (byWhy.get(why) ?? 0) + 1);
  }
  return [...byWhy].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([why, n]) => `${n} pod${n === 1 ? "" : "s"} not scheduled (${why})`);
}
