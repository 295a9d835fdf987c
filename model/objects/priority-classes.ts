/**
 * The constants of pod priority, as upstream defines them: pkg/apis/scheduling/types.go (HighestUserDefinablePriority,
 * SystemCriticalPriority, SystemPriorityClassPrefix, DefaultPriorityWhenNoDefaultClassExists) and the two system
 * PriorityClasses of pkg/apis/scheduling/v1/helpers.go (SystemPriorityClasses), which kube-apiserver's
 * scheduling post-start hook creates and the PriorityClass validation reserves.
 */
import type { KObject } from "./types.ts";

/** Values above this are reserved for the system classes. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;
/** SystemCriticalPriority: twice the highest user-definable value. */
export const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
/** Names with this prefix are reserved for the system classes. */
export const SYSTEM_PRIORITY_CLASS_PREFIX = "system-";
/** A pod's priority when it names no class and no class is globalDefault. */
export const DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS = 0;
/** The preemption policy a PriorityClass defaults to (pkg/apis/scheduling/v1/defaults.go), and a pod with no default class gets. */
export const PREEMPT_LOWER_PRIORITY = "PreemptLowerPriority";
export const PREEMPTION_POLICIES = [PREEMPT_LOWER_PRIORITY, "Never"] as const;

export interface SystemPriorityClass {
  readonly name: string;
  readonly value: number;
  readonly description: string;
  /** Both system classes are not globalDefault. */
  readonly globalDefault: false;
}

export const SYSTEM_NODE_CRITICAL = "system-node-critical";
export const SYSTEM_CLUSTER_CRITICAL = "system-cluster-critical";

/** SystemPriorityClasses, in upstream's order. */
export const SYSTEM_PRIORITY_CLASSES: readonly SystemPriorityClass[] = [
  { name: SYSTEM_NODE_CRITICAL, value: SYSTEM_CRITICAL_PRIORITY + 1000, description: "Used for system critical pods that must not be moved from their current node.", globalDefault: false },
  { name: SYSTEM_CLUSTER_CRITICAL, value: SYSTEM_CRITICAL_PRIORITY, description: "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.", globalDefault: false },
];

/** The PriorityClass object the scheduling post-start hook creates for a system class (it sets no preemptionPolicy: defaulting does). */
export function systemPriorityClassObject(c: SystemPriorityClass): KObject {
  return { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: c.name }, value: c.value, description: c.description } as KObject;
}

/**
 * IsKnownSystemPriorityClass: undefined when (name, value, globalDefault) is exactly a system class, else why not
 * (upstream's error text).
 */
export function notKnownSystemPriorityClass(name: string, value: unknown, globalDefault: boolean): string | undefined {
  const spc = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
  if (!spc) return `${name} is not a known system priority class`;
  if (spc.value !== value) return `value of ${spc.name} PriorityClass must be ${spc.value}`;
  if (spc.globalDefault !== globalDefault) return `globalDefault of ${spc.name} PriorityClass must be ${spc.globalDefault}`;
  return undefined;
}
