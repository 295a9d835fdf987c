/**
 * Validation of the workload kinds: ReplicationController, ReplicaSet, Deployment, HorizontalPodAutoscaler.
 * Follows pkg/apis/core/validation/validation.go (ValidateReplicationController) and
 * pkg/apis/apps/validation/validation.go (ValidateReplicaSet, ValidateDeployment, ValidateDeploymentStrategy).
 */
import type { KObject } from "../../objects/types.ts";
import { labelSelectorAsSelector } from "../../labels/index.ts";
import { validateLabelSelector, validateLabels, FIELD_IMMUTABLE_ERROR_MSG } from "../../validation/metadata.ts";
import { invalid, required, forbidden, notSupported, type FieldError } from "../../validation/field-error.ts";
import { validatePodSpec } from "./pod.ts";

const nonNegative = (v: unknown, path: string): FieldError[] =>
  typeof v === "number" && (v < 0 || !Number.isInteger(v)) ? [invalid(path, v, "must be greater than or equal to 0")] : [];

function validateTemplate(template: any, selectorMatches: ((l: Record<string, string>) => boolean) | undefined, path: string): FieldError[] {
  if (!template) return [required(path)];
  const errs: FieldError[] = [];
  const labels = template.metadata?.labels ?? {};
  errs.push(...validateLabels(labels, `${path}.metadata.labels`));
  if (selectorMatches && !selectorMatches(labels)) {
    errs.push(invalid(`${path}.metadata.labels`, labels, "`selector` does not match template `labels`"));
  }
  errs.push(...validatePodSpec(template.spec, `${path}.spec`));
  const rp = template.spec?.restartPolicy;
  if (rp !== undefined && rp !== "Always") errs.push(notSupported(`${path}.spec.restartPolicy`, rp, ["Always"]));
  return errs;
}

/** ReplicaSet and Deployment: a set-based selector that must not be empty and must match the template. */
function validateAppsSelectorAndTemplate(spec: any): FieldError[] {
  const errs: FieldError[] = [];
  const sel = spec?.selector;
  if (!sel) return [required("spec.selector")];
  errs.push(...validateLabelSelector(sel, {}, "spec.selector"));
  if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
    errs.push(invalid("spec.selector", sel, "empty selector is invalid for deployment"));
  }
  let matches: ((l: Record<string, string>) => boolean) | undefined;
  try {
    const s = labelSelectorAsSelector(sel);
    matches = (l) => s.matches(l);
  } catch {
    matches = undefined;
  }
  errs.push(...validateTemplate(spec.template, errs.length === 0 ? matches : undefined, "spec.template"));
  return errs;
}

export function validateReplicaSet(o: KObject): FieldError[] {
  return [...nonNegative(o.spec?.replicas, "spec.replicas"), ...nonNegative(o.spec?.minReadySeconds, "spec.minReadySeconds"), ...validateAppsSelectorAndTemplate(o.spec)];
}

export function validateReplicationController(o: KObject): FieldError[] {
  const errs: FieldError[] = [...nonNegative(o.spec?.replicas, "spec.replicas")];
  const sel: Record<string, string> | undefined = o.spec?.selector;
  if (!sel || Object.keys(sel).length === 0) errs.push(required("spec.selector"));
  else errs.push(...validateLabels(sel, "spec.selector"));
  const matches = sel ? (l: Record<string, string>) => Object.entries(sel).every(([k, v]) => l[k] === v) : undefined;
  errs.push(...validateTemplate(o.spec?.template, matches, "spec.template"));
  return errs;
}

function isValidIntOrPercent(v: unknown): boolean {
  if (typeof v === "number") return Number.isInteger(v);
  return typeof v === "string" && /^[0-9]+%$/.test(v);
}

function intOrPercentValue(v: unknown): number {
  return typeof v === "number" ? v : parseInt(String(v), 10);
}

/** follows pkg/apis/apps/validation/validation.go (ValidateDeploymentStrategy, ValidateRollingUpdateDeployment) */
function validateStrategy(strategy: any): FieldError[] {
  const errs: FieldError[] = [];
  const type = strategy?.type;
  if (type !== "RollingUpdate" && type !== "Recreate") return [notSupported("spec.strategy.type", type, ["Recreate", "RollingUpdate"])];
  if (type === "Recreate" && strategy.rollingUpdate) {
    errs.push(forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
  }
  if (type === "RollingUpdate") {
    const ru = strategy.rollingUpdate ?? {};
    for (const f of ["maxUnavailable", "maxSurge"] as const) {
      const v = ru[f];
      if (v === undefined) continue;
      if (!isValidIntOrPercent(v)) errs.push(invalid(`spec.strategy.rollingUpdate.${f}`, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
      else if (intOrPercentValue(v) < 0) errs.push(invalid(`spec.strategy.rollingUpdate.${f}`, v, "must be greater than or equal to 0"));
    }
    if (typeof ru.maxUnavailable === "string" && intOrPercentValue(ru.maxUnavailable) > 100) {
      errs.push(invalid("spec.strategy.rollingUpdate.maxUnavailable", ru.maxUnavailable, "must not be greater than 100%"));
    }
    if (isValidIntOrPercent(ru.maxUnavailable) && isValidIntOrPercent(ru.maxSurge) && intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
      errs.push(invalid("spec.strategy.rollingUpdate.maxUnavailable", ru.maxUnavailable, "may not be 0 when `maxSurge` is 0"));
    }
  }
  return errs;
}

export function validateDeployment(o: KObject): FieldError[] {
  const s = o.spec ?? {};
  const errs: FieldError[] = [
    ...nonNegative(s.replicas, "spec.replicas"),
    ...nonNegative(s.minReadySeconds, "spec.minReadySeconds"),
    ...nonNegative(s.revisionHistoryLimit, "spec.revisionHistoryLimit"),
    ...validateAppsSelectorAndTemplate(s),
    ...validateStrategy(s.strategy),
  ];
  if (typeof s.progressDeadlineSeconds === "number") {
    errs.push(...nonNegative(s.progressDeadlineSeconds, "spec.progressDeadlineSeconds"));
    if (typeof s.minReadySeconds === "number" && s.progressDeadlineSeconds <= s.minReadySeconds) {
      errs.push(invalid("spec.progressDeadlineSeconds", s.progressDeadlineSeconds, "must be greater than minReadySeconds"));
    }
  }
  return errs;
}

/** apps/v1 selectors are immutable (ValidateDeploymentUpdate / ValidateReplicaSetUpdate). */
export function validateSelectorImmutable(n: KObject, o: KObject): FieldError[] {
  return JSON.stringify(n.spec?.selector ?? null) === JSON.stringify(o.spec?.selector ?? null)
    ? []
    : [invalid("spec.selector", n.spec?.selector, FIELD_IMMUTABLE_ERROR_MSG)];
}

/** follows pkg/apis/autoscaling/validation/validation.go (ValidateHorizontalPodAutoscalerSpec) */
export function validateHorizontalPodAutoscaler(o: KObject): FieldError[] {
  const s = o.spec ?? {};
  const errs: FieldError[] = [];
  if (typeof s.minReplicas === "number" && s.minReplicas < 1) errs.push(invalid("spec.minReplicas", s.minReplicas, "must be greater than or equal to 1"));
  if (typeof s.maxReplicas !== "number") errs.push(required("spec.maxReplicas"));
  else if (s.maxReplicas < 1) errs.push(invalid("spec.maxReplicas", s.maxReplicas, "must be greater than 0"));
  else if (typeof s.minReplicas === "number" && s.maxReplicas < s.minReplicas) {
    errs.push(invalid("spec.maxReplicas", s.maxReplicas, "must be greater than or equal to `minReplicas`"));
  }
  if (!s.scaleTargetRef?.kind) errs.push(required("spec.scaleTargetRef.kind"));
  if (!s.scaleTargetRef?.name) errs.push(required("spec.scaleTargetRef.name"));
  return errs;
}
