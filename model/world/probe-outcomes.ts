/**
 * What a container's probes would answer: a fact of the world (is the application inside healthy?), not of the
 * kubelet. By default every probe of a running container succeeds (the handler — exec, httpGet, tcpSocket,
 * grpc — does not matter to the model, only its outcome). A `probe.set` action records a rule: the probes of
 * one kind of a container of the pods it names answer `result` from then on, until a later rule says
 * otherwise.
 *
 * Model choice: a rule names its pods by name or by label selector and matches pods as they are when a probe
 * runs, not only those that exist when the rule is set. So "the readiness probe of app=web fails" also holds
 * for the replacement pods a ReplicaSet creates afterwards (a bad release stays bad), and a scenario step reads
 * as a statement about the application. Labels are the pod's as its kubelet sees it.
 */
import type { WorldState } from "./types.ts";
import { parseSelector } from "../labels/selector.ts";

/** The probe kinds (pkg/kubelet/prober/prober_manager.go probeType). */
export type ProbeKind = "readiness" | "liveness" | "startup";
export const PROBE_KINDS: readonly ProbeKind[] = ["startup", "readiness", "liveness"];

/**
 * What a probe answers: success, failure, or no answer within timeoutSeconds ("timeout"). The kubelet's result
 * (pkg/kubelet/prober/results: Success, Failure) of a timeout is Failure: prober.go's runProbe turns an exec
 * timeout (ExecProbeTimeout, on by default), an HTTP client timeout, a TCP dial timeout and a gRPC deadline into
 * probe.Failure alike.
 */
export type ProbeOutcome = "success" | "failure" | "timeout";

/** The kubelet's result of an outcome: a timeout is a failure. */
export const probeResultOf = (outcome: ProbeOutcome): "success" | "failure" => (outcome === "success" ? "success" : "failure");

/** One world rule: the probes of `probe` kind of `container` (every container when unset) of the pods named. */
export interface ProbeRule {
  readonly namespace: string;
  /** A pod name ("*" at the end: every pod with that prefix), or unset with a selector. */
  readonly pod?: string;
  /** A label selector ("app=web"), or unset with a pod name. */
  readonly selector?: string;
  readonly container?: string;
  readonly probe: ProbeKind;
  readonly result: ProbeOutcome;
}

/** The pod a probe runs in, as the kubelet knows it. */
export interface ProbedPod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

const sameTarget = (a: ProbeRule, b: ProbeRule): boolean =>
  a.namespace === b.namespace && a.pod === b.pod && a.selector === b.selector && a.container === b.container && a.probe === b.probe;

/** Whether a selector string parses (a rule with a bad selector matches nothing). */
function selectorMatches(selector: string, labels: Readonly<Record<string, string>>): boolean {
  try {
    return parseSelector(selector).matches(labels as Record<string, string>);
  } catch {
    return false;
  }
}

/** Whether a rule applies to this probe of this pod's container. */
export function ruleMatches(rule: ProbeRule, pod: ProbedPod, container: string, probe: ProbeKind): boolean {
  if (rule.probe !== probe || rule.namespace !== pod.namespace) return false;
  if (rule.container !== undefined && rule.container !== container) return false;
  if (rule.pod !== undefined) {
    const named = rule.pod.endsWith("*") ? pod.name.startsWith(rule.pod.slice(0, -1)) : pod.name === rule.pod;
    if (!named) return false;
  }
  return rule.selector === undefined || selectorMatches(rule.selector, pod.labels);
}

/** What the probe answers now: the last matching rule's result, success without one. */
export function probeOutcome(world: WorldState, pod: ProbedPod, container: string, probe: ProbeKind): ProbeOutcome {
  const rules = world.probeRules ?? [];
  for (let i = rules.length - 1; i >= 0; i--) if (ruleMatches(rules[i]!, pod, container, probe)) return rules[i]!.result;
  return "success";
}

/**
 * The world with a rule added. A rule for exactly the same target replaces the earlier one, and a success rule
 * that no earlier rule contradicts is dropped (success is the default), so the list stays as short as the
 * scenario's distinct statements.
 */
export function addProbeRule(world: WorldState, rule: ProbeRule): WorldState {
  const kept = (world.probeRules ?? []).filter((r) => !sameTarget(r, rule));
  const next = rule.result === "success" && kept.every((r) => r.probe !== rule.probe || r.namespace !== rule.namespace) ? kept : [...kept, rule];
  if (next.length === 0) {
    if (world.probeRules === undefined) return world;
    const { probeRules: _p, ...rest } = world;
    return rest;
  }
  return { ...world, probeRules: next };
}
