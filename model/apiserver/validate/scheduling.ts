/**
 * Validation of a pod's scheduling constraints: tolerations and node/pod affinity. Follows
 * pkg/apis/core/validation/validation.go (ValidateTolerations, validateTaintEffect, validateAffinity,
 * ValidateNodeSelector, ValidatePreferredSchedulingTerms, validatePodAffinityTerm).
 */
import { isDNS1123Label, isValidLabelValue } from "../../validation/names.ts";
import { nameIsDNSSubdomain, validateLabelName, validateLabelSelector } from "../../validation/metadata.ts";
import { forbidden, invalid, notSupported, required, type FieldError } from "../../validation/field-error.ts";

const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** follows ValidateTolerations. */
export function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(tolerations) ? tolerations : []).forEach((t: any, i: number) => {
    const p = `${path}[${i}]`;
    const key: string = t?.key ?? "";
    const operator: string = t?.operator ?? "";
    const value: string = t?.value ?? "";
    const effect: string = t?.effect ?? "";
    if (key.length > 0) errs.push(...validateLabelName(key, `${p}.key`));
    // an empty key with Exists matches every taint
    if (key.length === 0 && operator !== "Exists") {
      errs.push(invalid(`${p}.operator`, operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t?.tolerationSeconds !== undefined && t?.tolerationSeconds !== null && effect !== "NoExecute") {
      errs.push(invalid(`${p}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === "Equal" || operator === "") {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) errs.push(invalid(`${p}.operator`, value, msgs.join(";")));
    } else if (operator === "Exists") {
      if (value.length > 0) errs.push(invalid(`${p}.operator`, value, "value must be empty when `operator` is 'Exists'"));
    } else errs.push(notSupported(`${p}.operator`, operator, ["Equal", "Exists"]));
    // validateTaintEffect with allowEmpty: an empty effect matches every effect
    if (effect.length > 0 && !TAINT_EFFECTS.includes(effect)) errs.push(notSupported(`${p}.effect`, effect, TAINT_EFFECTS));
  });
  return errs;
}

/** follows ValidateNodeSelectorRequirement. */
function validateNodeSelectorRequirement(rq: any, checkValues: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const values: unknown[] = Array.isArray(rq?.values) ? rq.values : [];
  switch (rq?.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) errs.push(required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) errs.push(forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case "Gt":
    case "Lt":
      if (values.length !== 1) errs.push(required(`${path}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(`${path}.operator`, rq?.operator ?? "", "not a valid selector operator"));
  }
  errs.push(...validateLabelName(rq?.key ?? "", `${path}.key`));
  if (checkValues) {
    values.forEach((v, i) => {
      for (const m of isValidLabelValue(String(v))) errs.push(invalid(`${path}.values[${i}]`, v, m));
    });
  }
  return errs;
}

/** follows ValidateNodeFieldSelectorRequirement: only metadata.name, with one value. */
function validateNodeFieldSelectorRequirement(rq: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const values: unknown[] = Array.isArray(rq?.values) ? rq.values : [];
  if (rq?.operator === "In" || rq?.operator === "NotIn") {
    if (values.length !== 1) errs.push(required(`${path}.values`, "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
  } else errs.push(invalid(`${path}.operator`, rq?.operator ?? "", "not a valid selector operator"));
  if (rq?.key !== "metadata.name") errs.push(invalid(`${path}.key`, rq?.key ?? "", "not a valid field selector key"));
  else {
    values.forEach((v, i) => {
      for (const m of nameIsDNSSubdomain(String(v), false)) errs.push(invalid(`${path}.values[${i}]`, v, m));
    });
  }
  return errs;
}

/** follows ValidateNodeSelectorTerm. */
function validateNodeSelectorTerm(term: any, checkValues: boolean, path: string): FieldError[] {
  return [
    ...(term?.matchExpressions ?? []).flatMap((rq: any, j: number) => validateNodeSelectorRequirement(rq, checkValues, `${path}.matchExpressions[${j}]`)),
    ...(term?.matchFields ?? []).flatMap((rq: any, j: number) => validateNodeFieldSelectorRequirement(rq, `${path}.matchFields[${j}]`)),
  ];
}

/** follows validatePodAffinityTerm (without matchLabelKeys/mismatchLabelKeys). */
function validatePodAffinityTerm(term: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (term?.labelSelector) errs.push(...validateLabelSelector(term.labelSelector, {}, `${path}.labelSelector`));
  if (term?.namespaceSelector) errs.push(...validateLabelSelector(term.namespaceSelector, {}, `${path}.namespaceSelector`));
  for (const ns of term?.namespaces ?? []) for (const m of isDNS1123Label(ns)) errs.push(invalid(`${path}.namespace`, ns, m));
  const topologyKey: string = term?.topologyKey ?? "";
  if (topologyKey.length === 0) errs.push(required(`${path}.topologyKey`, "can not be empty"));
  return [...errs, ...validateLabelName(topologyKey, `${path}.topologyKey`)];
}

const weightError = (w: unknown, path: string): FieldError[] =>
  typeof w !== "number" || w <= 0 || w > 100 ? [invalid(`${path}.weight`, w ?? 0, "must be in the range 1-100")] : [];

function validatePodAffinityKind(a: any, path: string): FieldError[] {
  const req = `${path}.requiredDuringSchedulingIgnoredDuringExecution`;
  const pref = `${path}.preferredDuringSchedulingIgnoredDuringExecution`;
  return [
    ...(a?.requiredDuringSchedulingIgnoredDuringExecution ?? []).flatMap((t: any, i: number) => validatePodAffinityTerm(t, `${req}[${i}]`)),
    ...(a?.preferredDuringSchedulingIgnoredDuringExecution ?? []).flatMap((w: any, j: number) => [
      ...weightError(w?.weight, `${pref}[${j}]`),
      ...validatePodAffinityTerm(w?.podAffinityTerm, `${pref}[${j}].podAffinityTerm`),
    ]),
  ];
}

/** follows validateAffinity (validateNodeAffinity, validatePodAffinity, validatePodAntiAffinity). */
export function validateAffinity(affinity: any, path: string): FieldError[] {
  if (!affinity) return [];
  const errs: FieldError[] = [];
  const na = affinity.nodeAffinity;
  if (na) {
    const required_ = na.requiredDuringSchedulingIgnoredDuringExecution;
    if (required_) {
      const termsPath = `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
      const terms: any[] = Array.isArray(required_.nodeSelectorTerms) ? required_.nodeSelectorTerms : [];
      if (terms.length === 0) errs.push(required(termsPath, "must have at least one node selector term"));
      terms.forEach((term, i) => errs.push(...validateNodeSelectorTerm(term, true, `${termsPath}[${i}]`)));
    }
    const preferred: any[] = na.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    preferred.forEach((term, i) => {
      const p = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      // preferred terms may name label values a node does not have yet
      errs.push(...weightError(term?.weight, p), ...validateNodeSelectorTerm(term?.preference, false, `${p}.preference`));
    });
  }
  if (affinity.podAffinity) errs.push(...validatePodAffinityKind(affinity.podAffinity, `${path}.podAffinity`));
  if (affinity.podAntiAffinity) errs.push(...validatePodAffinityKind(affinity.podAntiAffinity, `${path}.podAntiAffinity`));
  return errs;
}
