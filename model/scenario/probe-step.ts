/**
 * The scenario step `probe: {selector: app=web, container: web, probe: readiness, result: failure}` (or
 * `pod: web-0` instead of a selector; `namespace` defaults to "default"; `container` unset means every
 * container): a probe.set world action (model/world/probe-outcomes.ts).
 */
import type { Action } from "../actions.ts";
import { validateAction } from "./validate-action.ts";

type Fail = (where: string, why: string) => never;

const FIELDS = ["namespace", "pod", "selector", "container", "probe", "result"];

/** The probe.set action of a probe step, or the failure naming the field. */
export function probeStepAction(v: unknown, where: string, fail: Fail): Action {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    return fail(where, "expected {selector: <labels> | pod: <name>, container?, probe: readiness|liveness|startup, result: success|failure|timeout, namespace?}");
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!FIELDS.includes(k)) fail(`${where}.${k}`, `unknown field (allowed: ${FIELDS.join(", ")})`);
  return validateAction({ type: "probe.set", namespace: o.namespace ?? "default", ...o }, (w, why) => fail(`${where}${w}`, why));
}
