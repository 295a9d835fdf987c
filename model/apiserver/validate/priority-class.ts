/**
 * Validation of scheduling.k8s.io PriorityClasses. Follows pkg/apis/scheduling/validation/validation.go
 * (ValidatePriorityClass, ValidatePriorityClassUpdate) and pkg/apis/core/validation/validation.go
 * (ValidatePreemptionPolicy). Object metadata (a DNS-1123 subdomain name, no namespace) is checked by the dispatch.
 */
import type { KObject } from "../../objects/types.ts";
import { FIELD_IMMUTABLE_ERROR_MSG } from "../../validation/metadata.ts";
import { forbidden, invalid, notSupported, required, type FieldError } from "../../validation/field-error.ts";
import {
  HIGHEST_USER_DEFINABLE_PRIORITY,
  PREEMPTION_POLICIES,
  SYSTEM_PRIORITY_CLASS_PREFIX,
  notKnownSystemPriorityClass,
} from "../../objects/priority-classes.ts";

/** ValidatePreemptionPolicy: PreemptLowerPriority or Never; an empty string is a missing value. */
function validatePreemptionPolicy(policy: unknown, field: string): FieldError[] {
  if (policy === "") return [required(field)];
  return (PREEMPTION_POLICIES as readonly unknown[]).includes(policy) ? [] : [notSupported(field, policy, PREEMPTION_POLICIES)];
}

/** ValidatePriorityClass: a system- name must be exactly a system class; other values stay at or below 1e9. */
export function validatePriorityClass(o: KObject): FieldError[] {
  const pc = o as KObject & { value?: number; globalDefault?: boolean; preemptionPolicy?: string };
  const errs: FieldError[] = [];
  const name = pc.metadata.name ?? "";
  const value = pc.value ?? 0;
  if (name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    const why = notKnownSystemPriorityClass(name, value, pc.globalDefault ?? false);
    if (why) errs.push(forbidden("metadata.name", `priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${why}`));
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden("value", `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (pc.preemptionPolicy !== undefined && pc.preemptionPolicy !== null) errs.push(...validatePreemptionPolicy(pc.preemptionPolicy, "preemptionPolicy"));
  return errs;
}

/**
 * ValidatePriorityClassUpdate: value and preemptionPolicy are immutable (globalDefault and description may
 * change). Upstream checks only these on update, not the create rules again.
 */
export function validatePriorityClassUpdate(n: KObject, o: KObject): FieldError[] {
  const next = n as KObject & { value?: number; preemptionPolicy?: string };
  const old = o as KObject & { value?: number; preemptionPolicy?: string };
  const errs: FieldError[] = [];
  if ((next.value ?? 0) !== (old.value ?? 0)) errs.push(forbidden("value", "may not be changed in an update."));
  if ((next.preemptionPolicy ?? null) !== (old.preemptionPolicy ?? null)) errs.push(invalid("preemptionPolicy", next.preemptionPolicy ?? null, FIELD_IMMUTABLE_ERROR_MSG));
  return errs;
}
