/**
 * Priority admission. Follows plugin/pkg/admission/priority/admission.go (Admit, admitPod, Validate,
 * validatePriorityClass, getDefaultPriorityClass, getDefaultPriority):
 * - a pod's CREATE (not a subresource) gets spec.priority from the PriorityClass its spec.priorityClassName names,
 *   and spec.preemptionPolicy from that class; a pod naming no class gets the globalDefault class's name, value and
 *   policy, or priority 0 and PreemptLowerPriority when no class is globalDefault. A named class that does not
 *   exist is refused 403 (`no PriorityClass with name foo was found`), and so is a pod that sets a priority or a
 *   preemptionPolicy other than the one computed;
 * - a pod's UPDATE keeps the old priority and preemptionPolicy when the new object drops them;
 * - a PriorityClass CREATE or UPDATE marked globalDefault is refused 403 while another class is globalDefault.
 * The range and system- name checks of a PriorityClass are its validation (validate/priority-class.ts), not this
 * plug-in's. Upstream reads classes from an informer; the model reads the store, as its other plug-ins do.
 * The scheduler does not preempt (model/scheduler/fit-error.ts): the priority is recorded, not acted on.
 */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { storeGet, storeRangePrefix } from "../../store/store.ts";
import { BUILTIN_BY_ID, storageKey, storagePrefix } from "../resources.ts";
import { forbidden, type Status } from "../status.ts";
import { DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS, PREEMPT_LOWER_PRIORITY } from "../../objects/priority-classes.ts";
import type { AdmissionAttributes, AdmissionPlugin } from "./types.ts";

const PRIORITY_CLASSES = BUILTIN_BY_ID.get("priorityclasses.scheduling.k8s.io")!;

interface PriorityClassFields {
  readonly value?: number;
  readonly globalDefault?: boolean;
  readonly preemptionPolicy?: string;
}
type PriorityClass = KObject & PriorityClassFields;

/** getDefaultPriorityClass: the globalDefault class; of several (a race), the one with the lowest value. */
export function defaultPriorityClass(state: State): PriorityClass | undefined {
  const r = storeRangePrefix(state.store, storagePrefix(PRIORITY_CLASSES));
  let best: PriorityClass | undefined;
  for (const kv of r.ok ? r.kvs : []) {
    const pc = kv.value as PriorityClass;
    if (pc.globalDefault && (!best || (best.value ?? 0) > (pc.value ?? 0))) best = pc;
  }
  return best;
}

const refuse = (a: AdmissionAttributes, why: string): Status => forbidden({ group: a.resource.group, resource: a.resource.plural }, a.name, why);

/** admitPod: resolve the class (or the default), refuse a priority or policy the user set that differs. */
function admitPod(state: State, a: AdmissionAttributes, pod: KObject): KObject | Status | undefined {
  const spec = pod.spec ?? {};
  if (a.operation === "UPDATE") {
    // API validation refuses a changed priority; a dropped one is put back, as the plug-in set it on create.
    const old = a.oldObject?.spec ?? {};
    const keepPriority = spec.priority === undefined && old.priority !== undefined;
    const keepPolicy = spec.preemptionPolicy === undefined && old.preemptionPolicy !== undefined;
    if (!keepPriority && !keepPolicy) return undefined;
    return { ...pod, spec: { ...spec, ...(keepPriority ? { priority: old.priority } : {}), ...(keepPolicy ? { preemptionPolicy: old.preemptionPolicy } : {}) } };
  }
  let className: string = spec.priorityClassName ?? "";
  let priority: number;
  let policy: string | undefined;
  if (className === "") {
    const dpc = defaultPriorityClass(state);
    className = dpc?.metadata.name ?? "";
    priority = dpc ? (dpc.value ?? 0) : DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS;
    policy = dpc ? dpc.preemptionPolicy : PREEMPT_LOWER_PRIORITY;
  } else {
    const pc = storeGet(state.store, storageKey(PRIORITY_CLASSES, undefined, className))?.value as PriorityClass | undefined;
    if (!pc) return refuse(a, `no PriorityClass with name ${className} was found`);
    priority = pc.value ?? 0;
    policy = pc.preemptionPolicy;
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
    return refuse(a, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  const next: Record<string, unknown> = { ...spec, priorityClassName: className, priority };
  // pod.Spec.PriorityClassName = pcName sets "" too; the JSON form omits an empty string (omitempty).
  if (className === "") delete next.priorityClassName;
  if (policy !== undefined) {
    if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null && spec.preemptionPolicy !== policy) {
      return refuse(a, `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`);
    }
    next.preemptionPolicy = policy;
  }
  return { ...pod, spec: next };
}

/** validatePriorityClass: at most one globalDefault class (an update of the default class itself is fine). */
function validatePriorityClass(state: State, a: AdmissionAttributes, pc: PriorityClass): Status | undefined {
  if (!pc.globalDefault) return undefined;
  const dpc = defaultPriorityClass(state);
  if (!dpc) return undefined;
  if (a.operation === "CREATE" || (a.operation === "UPDATE" && dpc.metadata.name !== pc.metadata.name)) {
    return refuse(a, `PriorityClass ${dpc.metadata.name} is already marked as default. Only one default can exist`);
  }
  return undefined;
}

export const priorityAdmission: AdmissionPlugin = {
  name: "Priority",
  admit(state, a) {
    if (a.subresource || !a.object || a.resource.group !== "" || a.resource.plural !== "pods") return undefined;
    if (a.operation !== "CREATE" && a.operation !== "UPDATE") return undefined;
    return admitPod(state, a, a.object);
  },
  validate(state, a) {
    if (a.subresource || !a.object || a.resource.group !== PRIORITY_CLASSES.group || a.resource.plural !== PRIORITY_CLASSES.plural) return undefined;
    if (a.operation !== "CREATE" && a.operation !== "UPDATE") return undefined;
    return validatePriorityClass(state, a, a.object as PriorityClass);
  },
};
