/**
 * The message of an unschedulable pod. Follows pkg/scheduler/framework/types.go (FitError.Error: "0/N nodes are
 * available: " and a histogram "<count> <reason>" sorted as strings, then the PostFilter message) and
 * pkg/scheduler/framework/preemption/preemption.go (Preempt, nodesWherePreemptionMightHelp, SelectVictimsOnNode)
 * with pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go (PodEligibleToPreemptOthers).
 *
 * The model does not preempt: it reports what DefaultPreemption reports when no node has a lower-priority
 * victim — "Preemption is not helpful for scheduling" where the rejection was UnschedulableAndUnresolvable,
 * "No preemption victims found for incoming pod" elsewhere.
 */
import type { KObject } from "../objects/types.ts";
import type { FilterStatus } from "./filters.ts";

/** ErrNoNodesAvailable. */
export const NO_NODES_AVAILABLE_MSG = "no nodes available to schedule pods";

/** validation.NoteLengthLimit: Event messages are cut to this length. */
export const NOTE_LENGTH_LIMIT = 1024;

/** "0/N nodes are available: <histogram>." from the statuses of the nodes that were filtered out. */
export function nodesAvailableMessage(numAllNodes: number, statuses: readonly FilterStatus[]): string {
  const reasons = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
  const hist = [...reasons].map(([r, n]) => `${n} ${r}`).sort();
  return `0/${numAllNodes} nodes are available:` + (hist.length ? ` ${hist.join(", ")}.` : "");
}

/** DefaultPreemption's PostFilter message when it finds no candidate (the model has no lower-priority victims). */
export function preemptionMessage(pod: KObject, statuses: readonly FilterStatus[]): string {
  if (pod.spec?.preemptionPolicy === "Never") return "preemption: not eligible due to preemptionPolicy=Never.";
  const victims: FilterStatus[] = statuses.map((s) => ({
    plugin: s.plugin,
    code: "UnschedulableAndUnresolvable",
    reasons: [s.code === "UnschedulableAndUnresolvable" ? "Preemption is not helpful for scheduling" : "No preemption victims found for incoming pod"],
  }));
  return `preemption: ${nodesAvailableMessage(statuses.length, victims)}`;
}

/** FitError.Error() with the PostFilter (preemption) message, as the PodScheduled condition carries it. */
export function fitErrorMessage(pod: KObject, numAllNodes: number, statuses: readonly FilterStatus[]): string {
  return `${nodesAvailableMessage(numAllNodes, statuses)} ${preemptionMessage(pod, statuses)}`;
}

/**
 * FitError.Error() after a PreFilter rejection: "0/N nodes are available: <PreFilterMsg>." with no per-node
 * histogram (every node carries the same status), then DefaultPreemption's message, for which every node has
 * the PreFilter's code.
 */
export function preFilterFitErrorMessage(pod: KObject, numAllNodes: number, status: FilterStatus): string {
  const preFilterMsg = status.reasons.join(", ");
  let preemption: string;
  if (pod.spec?.preemptionPolicy === "Never") preemption = "preemption: not eligible due to preemptionPolicy=Never.";
  else {
    const reason = status.code === "UnschedulableAndUnresolvable" ? "Preemption is not helpful for scheduling" : "No preemption victims found for incoming pod";
    preemption = `preemption: 0/${numAllNodes} nodes are available: ${numAllNodes} ${reason}.`;
  }
  return `0/${numAllNodes} nodes are available: ${preFilterMsg}. ${preemption}`;
}

/** truncateMessage: an Event message longer than the note limit ends in " ...". */
export function truncateMessage(message: string): string {
  if (message.length <= NOTE_LENGTH_LIMIT) return message;
  return message.slice(0, NOTE_LENGTH_LIMIT - 4) + " ...";
}
