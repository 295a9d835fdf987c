/**
 * One HPA reconcile with its API writes: read the target's scale, decide (reconcileDecision), write the new size,
 * record events, write the status if it changed, and keep the controller's per-HPA memory.
 * Follows pkg/controller/podautoscaler/horizontal.go (reconcileAutoscaler, computeReplicasForMetrics'
 * selector check, getUnableComputeReplicaCountCondition's events, setStatus, setCurrentReplicasAndMetricsInStatus,
 * updateStatusIfNeeded, updateStatus).
 */
import type { ComponentState, State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { EffectLog } from "../../effects.ts";
import { send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";
import { jsonEqual } from "../../apiserver/common.ts";
import { recordEvent } from "../../events/recorder.ts";
import { setCondition, type HpaCondition } from "./conditions.ts";
import { reconcileDecision, type MetricStatus } from "./reconcile.ts";
import { getScale } from "./scale-target.ts";
import { checkSelector } from "./selector-check.ts";
import { metricInputs, metricSpecsOf } from "./metric-inputs.ts";
import { toCalculatorPod } from "./pod-inputs.ts";
import { behaviorOf } from "./spec-behavior.ts";
import { conditionsOf, renderConditions, renderMetricStatus, renderStatus } from "./status.ts";
import { writeRecord, type HpaComponent, type HpaRecord } from "./memory.ts";
import type { ResolvedHpaOptions } from "./options.ts";

/** The HPA resource id. */
export const HPA_RESOURCE = "horizontalpodautoscalers.autoscaling";

/** status.currentMetrics from the decision's per-metric slots (nil when metrics were not consulted). */
function currentMetrics(hpa: KObject, slots: readonly (MetricStatus | null)[] | undefined): Record<string, unknown>[] | null {
  if (slots === undefined) return null;
  const specs = metricSpecsOf(hpa);
  return slots.map((s, i) => renderMetricStatus(s, specs[i]));
}

/** updateStatusIfNeeded: writes the status through the status subresource unless it is unchanged. */
function updateStatusIfNeeded(state: State, c: ComponentState, hpa: KObject, status: Record<string, unknown>, log: EffectLog): State {
  // skip a write if we wouldn't need to update
  if (jsonEqual(hpa.status, status)) return state;
  // The cached object's resourceVersion goes with the update: a concurrent change of the HPA makes it 409, and
  // the next resync writes again from fresh data (no lost update of a user's spec change).
  const r = send(state, c.id, { verb: "update", resource: HPA_RESOURCE, namespace: hpa.metadata.namespace!, name: hpa.metadata.name!, object: { ...hpa, status }, subresource: "status" }, log);
  if (isStatus(r.result)) return recordEvent(r.state, c.id, hpa, { type: "Warning", reason: "FailedUpdateStatus", message: r.result.message }, log);
  return r.state;
}

/**
 * reconcileAutoscaler for one HPA read from the cache, with its memory record. Returns the new state (writes,
 * events and the updated record). Errors are not retried early: the next resync comes one sync period later.
 */
export function reconcileAutoscaler(
  state: State,
  c: HpaComponent,
  key: string,
  hpa: KObject,
  record: HpaRecord,
  log: EffectLog,
  opts: ResolvedHpaOptions,
): State {
  const now = state.clock.now;
  const namespace = hpa.metadata.namespace!;
  const event = (type: "Normal" | "Warning", reason: string, message: string): void => {
    state = recordEvent(state, c.id, hpa, { type, reason, message }, log);
  };
  const oldStatus = hpa.status ?? {};
  const oldDesired: number = typeof oldStatus.desiredReplicas === "number" ? oldStatus.desiredReplicas : 0;
  const oldLastScaleTime: string | undefined = oldStatus.lastScaleTime;

  const lookup = getScale(c, hpa);
  if (!lookup.ok) {
    event("Warning", "FailedGetScale", lookup.error);
    const conditions = setCondition(conditionsOf(hpa), "AbleToScale", "False", "FailedGetScale", `the HPA controller was unable to get the target's current scale: ${lookup.error}`, now);
    // Only the conditions change: the rest of the status is kept as it was.
    return updateStatusIfNeeded(state, c, hpa, { ...oldStatus, conditions: renderConditions(conditions) }, log);
  }
  const scale = lookup.scale;
  const currentReplicas = opts.bugs.currentReplicasFromStatus ? scale.statusReplicas : scale.specReplicas;
  const minReplicas: number = typeof hpa.spec?.minReplicas === "number" ? hpa.spec.minReplicas : 1;
  const maxReplicas: number = hpa.spec?.maxReplicas ?? 0;
  const consultsMetrics = !(currentReplicas === 0 && minReplicas !== 0) && currentReplicas <= maxReplicas && currentReplicas >= minReplicas;
  const seeded = record.recommendations ?? [{ recommendation: currentReplicas, timestamp: now }];

  let pods: KObject[] = [];
  let selector = record.selector;
  if (consultsMetrics) {
    const check = checkSelector(c, key, namespace, scale.selector);
    // hpaSelectors learns the selector once it parsed (an ambiguous one included: the other HPA must see it too).
    if (check.ok || check.conditionReason === "AmbiguousSelector") selector = scale.selector;
    if (!check.ok) {
      event("Warning", check.eventReason, check.error);
      let conditions = setCondition(conditionsOf(hpa), "AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale", now);
      conditions = setCondition(conditions, "ScalingActive", "False", check.conditionReason, check.conditionMessage, now);
      const status = renderStatus({ currentReplicas, desiredReplicas: oldDesired, lastScaleTime: oldLastScaleTime, currentMetrics: null, conditions });
      state = updateStatusIfNeeded(state, c, hpa, status, log);
      event("Warning", "FailedComputeMetricsReplicas", check.error);
      return writeRecord(state, c.id, key, { ...record, recommendations: seeded, selector });
    }
    pods = check.pods;
  }

  const behavior = behaviorOf(hpa);
  const d = reconcileDecision({
    specReplicas: currentReplicas,
    minReplicas,
    maxReplicas,
    metrics: consultsMetrics ? metricInputs(state, hpa, pods) : [],
    // Requests for cpu: the only resource the model's metrics source reports (other resources fail earlier, with
    // "no metrics returned from resource metrics API"; custom metrics do not read requests).
    pods: pods.map((p) => toCalculatorPod(p, "cpu", opts.bugs.countUnreadyPodsAsReady)),
    behavior,
    recommendations: record.recommendations === null ? null : [...record.recommendations],
    scaleUpEvents: record.scaleUpEvents,
    scaleDownEvents: record.scaleDownEvents,
    conditions: conditionsOf(hpa),
    now,
    tolerance: opts.tolerance,
    cpuInitializationPeriodSeconds: opts.cpuInitializationPeriodSeconds,
    delayOfInitialReadinessStatusSeconds: opts.delayOfInitialReadinessStatusSeconds,
    downscaleStabilizationWindowSeconds: opts.downscaleStabilizationWindowSeconds,
    scaleUpLimitFactor: opts.scaleUpLimitFactor,
    scaleUpLimitMinimum: opts.scaleUpLimitMinimum,
    namespace,
  });
  for (const f of d.metricFailures) event("Warning", f.reason, f.message);
  const metrics = currentMetrics(hpa, d.metricStatusSlots);
  const keepEvents: HpaRecord = { ...record, recommendations: d.recommendations, selector };

  if (consultsMetrics && d.metricDesiredReplicas === undefined) {
    // Every metric failed (or some did and the rest would scale down): no scaling this round.
    const status = renderStatus({ currentReplicas, desiredReplicas: oldDesired, lastScaleTime: oldLastScaleTime, currentMetrics: metrics, conditions: d.conditions });
    state = updateStatusIfNeeded(state, c, hpa, status, log);
    event("Warning", "FailedComputeMetricsReplicas", d.error ?? "");
    return writeRecord(state, c.id, key, keepEvents);
  }

  let conditions: HpaCondition[] = d.conditions;
  if (d.rescale) {
    const r = send(state, c.id, { verb: "patch", resource: scale.resource, namespace, name: scale.name, patch: { spec: { replicas: d.desiredReplicas } } }, log);
    state = r.state;
    if (isStatus(r.result)) {
      const err = r.result.message;
      event("Warning", "FailedRescale", `New size: ${d.desiredReplicas}; reason: ${d.rescaleReason}; error: ${err}`);
      conditions = setCondition(conditions, "AbleToScale", "False", "FailedUpdateScale", `the HPA controller was unable to update the target scale: ${err}`, now);
      const status = renderStatus({ currentReplicas, desiredReplicas: oldDesired, lastScaleTime: oldLastScaleTime, currentMetrics: metrics, conditions });
      state = updateStatusIfNeeded(state, c, hpa, status, log);
      return writeRecord(state, c.id, key, keepEvents);
    }
    event("Normal", "SuccessfulRescale", `New size: ${d.desiredReplicas}; reason: ${d.rescaleReason}`);
  }
  const status = renderStatus({
    currentReplicas,
    desiredReplicas: d.desiredReplicas,
    lastScaleTime: d.rescale ? now : oldLastScaleTime,
    currentMetrics: metrics,
    conditions,
  });
  state = updateStatusIfNeeded(state, c, hpa, status, log);
  return writeRecord(state, c.id, key, { ...keepEvents, scaleUpEvents: d.scaleUpEvents, scaleDownEvents: d.scaleDownEvents });
}
