/**
 * HPA status conditions (AbleToScale, ScalingActive, ScalingLimited).
 *
 * Follows pkg/controller/podautoscaler/horizontal.go (setCondition, setConditionInList). Pure: returns new lists.
 */

/** The condition types the HPA controller sets. */
export type HpaConditionType = "AbleToScale" | "ScalingActive" | "ScalingLimited";

/** One entry of status.conditions. */
export interface HpaCondition {
  readonly type: HpaConditionType;
  readonly status: "True" | "False" | "Unknown";
  readonly reason: string;
  readonly message: string;
  /** Logical seconds of the last status change. */
  readonly lastTransitionTime: number;
}

/**
 * Sets a condition: updates the entry of that type in place (keeping its position) or appends it; the
 * transition time changes only when the status changes. Follows horizontal.go (setConditionInList).
 */
export function setCondition(
  list: readonly HpaCondition[],
  type: HpaConditionType,
  status: "True" | "False",
  reason: string,
  message: string,
  now: number,
): HpaCondition[] {
  const i = list.findIndex((c) => c.type === type);
  const existing = i >= 0 ? list[i] : undefined;
  const updated: HpaCondition = {
    type,
    status,
    reason,
    message,
    lastTransitionTime: existing !== undefined && existing.status === status ? existing.lastTransitionTime : now,
  };
  if (i < 0) return [...list, updated];
  const next = [...list];
  next[i] = updated;
  return next;
}

/** The conditions as `{ Type: "Status/Reason" }`, the form the fidelity fixtures use. */
export function conditionSummary(list: readonly HpaCondition[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of list) out[c.type] = `${c.status}/${c.reason}`;
  return out;
}
