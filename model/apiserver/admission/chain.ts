/**
 * The admission chain: mutating plug-ins in order, then validating plug-ins in order; the first Status refuses
 * the request.
 */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { isStatus, type Status } from "../status.ts";
import { namespaceLifecycle } from "./namespace-lifecycle.ts";
import { resourceQuotaAdmission } from "./resource-quota.ts";
import { serviceAccountAdmission } from "./service-account.ts";
import type { AdmissionAttributes, AdmissionPlugin } from "./types.ts";

/**
 * The plug-ins enabled, in order (kube-apiserver's recommended order, pkg/kubeapiserver/options/plugins.go
 * AllOrderedPlugins, for those the model has): ServiceAccount mutates the pod before ResourceQuota charges it.
 */
export const ADMISSION_CHAIN: readonly AdmissionPlugin[] = [namespaceLifecycle, serviceAccountAdmission, resourceQuotaAdmission];

/** Runs the chain; returns the (possibly mutated) object, or the refusal. */
export function admit(state: State, a: AdmissionAttributes, chain = ADMISSION_CHAIN): { object?: KObject; state: State } | Status {
  let obj = a.object;
  for (const p of chain) {
    if (!p.admit) continue;
    const r = p.admit(state, { ...a, object: obj });
    if (isStatus(r)) return r;
    if (r) obj = r;
  }
  let s = state;
  for (const p of chain) {
    if (p.validateAndCharge) {
      const r = p.validateAndCharge(s, { ...a, object: obj });
      if (isStatus(r)) return r;
      s = r;
      continue;
    }
    const r = p.validate?.(s, { ...a, object: obj });
    if (r) return r;
  }
  return { object: obj, state: s };
}
