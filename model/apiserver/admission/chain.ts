/**
 * The admission chain: mutating plug-ins in order, then validating plug-ins in order; the first Status refuses
 * the request. Which plug-ins run, with which options, is the cluster config's `admission` list (State.config).
 */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { ConfigError, type ClusterConfig } from "../../config.ts";
import { memoByObject } from "../../collections/memo.ts";
import { isStatus, type Status } from "../status.ts";
import { ADMISSION_PLUGINS } from "./plugins.ts";
import type { AdmissionAttributes, AdmissionPlugin } from "./types.ts";

/** The plug-ins a config runs, in its order; throws ConfigError for a plug-in or option the model does not have. */
export const admissionChainOf = memoByObject((config: ClusterConfig): readonly AdmissionPlugin[] =>
  config.admission.map((spec, i) => {
    const where = `cluster.admission[${i}]`;
    const kind = ADMISSION_PLUGINS.get(spec.name);
    if (!kind) throw new ConfigError(`${where}.name`, `unknown admission plug-in "${spec.name}" (plug-ins: ${[...ADMISSION_PLUGINS.keys()].join(", ")})`);
    for (const [k, v] of Object.entries(spec.options ?? {})) {
      const t = kind.options?.[k];
      if (!t) throw new ConfigError(`${where}.options.${k}`, `unknown option of admission plug-in ${spec.name} (options: ${Object.keys(kind.options ?? {}).join(", ") || "none"})`);
      if (typeof v !== t) throw new ConfigError(`${where}.options.${k}`, `expected a ${t}, got ${JSON.stringify(v)}`);
    }
    return kind.make(spec.options ?? {});
  }),
);

/** Runs the config's chain; returns the (possibly mutated) object, or the refusal. */
export function admit(state: State, a: AdmissionAttributes, chain: readonly AdmissionPlugin[] = admissionChainOf(state.config)): { object?: KObject; state: State } | Status {
  const m = mutate(state, a, chain);
  if (isStatus(m)) return m;
  return validateAdmission(state, { ...a, ...(m.object ? { object: m.object } : {}) }, chain);
}

/** The mutating phase: the object as the plug-ins leave it, or the refusal. */
export function mutate(state: State, a: AdmissionAttributes, chain: readonly AdmissionPlugin[] = admissionChainOf(state.config)): { object?: KObject } | Status {
  let obj = a.object;
  for (const p of chain) {
    if (!p.admit) continue;
    const r = p.admit(state, { ...a, object: obj });
    if (isStatus(r)) return r;
    if (r) obj = r;
  }
  return obj ? { object: obj } : {};
}

/**
 * The validating phase, which the registry runs after the object's own validation (k8s.io/apiserver/pkg/registry/
 * generic/registry/store.go: BeforeCreate/BeforeUpdate validate, then createValidation/updateValidation admit): an
 * invalid object is 422 before a validating plug-in (PersistentVolumeClaimResize, ResourceQuota) is asked.
 */
export function validateAdmission(state: State, a: AdmissionAttributes, chain: readonly AdmissionPlugin[] = admissionChainOf(state.config)): { object?: KObject; state: State } | Status {
  const obj = a.object;
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
