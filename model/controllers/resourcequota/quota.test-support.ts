/**
 * Test clusters for ResourceQuota: the controller and the API server's quota informer registered and started,
 * and a create that goes through the quota plug-in's charge the way the admission chain will run it once it
 * threads state (check and charge, then the ordinary create).
 */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { ApiResult } from "../../apiserver/create.ts";
import { bootstrap } from "../../bootstrap.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus, type Status } from "../../apiserver/status.ts";
import { resolveResource } from "../../apiserver/lookup.ts";
import { applyDefaults } from "../../apiserver/defaults.ts";
import { prepareForCreate } from "../../apiserver/strategy.ts";
import { existing } from "../../apiserver/common.ts";
import { BUILTIN_CLUSTER } from "../../cluster.ts";
import { withVariant, type Options } from "../../config.ts";
import { QUOTA_ADMISSION_INFORMER_ID, QUOTA_ADMISSION_INFORMER_KIND } from "./admission-informer.ts";
import { RESOURCEQUOTA_CONTROLLER_ID, RESOURCEQUOTA_CONTROLLER_KIND } from "./controller.ts";

export const NS = "shop";

/** bootstrap() plus namespace "shop", the quota controller and (unless left out) the API server's quota informer. */
export function quotaCluster(opts: { informer?: boolean; controller?: boolean } = {}): State {
  // The quota components are wired into bootstrap now: leave them (and the token Secrets, which would count
  // against secret quotas) out, then add those asked for.
  let s = bootstrap({ without: [RESOURCEQUOTA_CONTROLLER_KIND, QUOTA_ADMISSION_INFORMER_KIND, "serviceaccount-tokens-controller"] });
  if (opts.controller !== false) s = BUILTIN_CLUSTER.addComponent(s, RESOURCEQUOTA_CONTROLLER_ID, RESOURCEQUOTA_CONTROLLER_KIND);
  if (opts.informer !== false) s = BUILTIN_CLUSTER.addComponent(s, QUOTA_ADMISSION_INFORMER_ID, QUOTA_ADMISSION_INFORMER_KIND);
  s = must(s, { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } } });
  // The default account the ServiceAccounts controller would create: ServiceAccount admission requires it for pods.
  return must(s, { verb: "create", resource: "serviceaccounts", namespace: NS, object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } } });
}

export function must(state: State, req: Parameters<typeof handle>[1]): State {
  const r = handle(state, req);
  if (isStatus(r.result)) throw new Error(`${req.verb} ${req.resource}: ${r.result.code} ${r.result.message}`);
  return r.state;
}

export const quota = (name: string, hard: Record<string, string>, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: "v1",
  kind: "ResourceQuota",
  metadata: { name, namespace: NS },
  spec: { hard, ...spec },
});

export const pod = (name: string, requests: Record<string, string> = { cpu: "100m", memory: "64Mi" }, limits?: Record<string, string>): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: NS },
  spec: { containers: [{ name: "app", image: "nginx:1.25", resources: { requests, ...(limits ? { limits } : {}) } }] },
});

/**
 * A request served by an API server whose admission chain has this config instead of the state's (another build
 * of one plug-in, or a plug-in left out); the state goes on with its own config.
 */
function handleWithAdmission(state: State, admission: State["config"]["admission"], req: Parameters<typeof handle>[1]): ApiResult {
  const r = handle({ ...state, config: { ...state.config, admission } }, req);
  return { ...r, state: { ...r.state, config: state.config } };
}

/**
 * A create through the quota plug-in's check-and-charge (in the admission chain), run by a ResourceQuota plug-in
 * with `options` (the zoo's variants).
 */
export function createCharged(state: State, resource: string, obj: KObject, options?: Options): ApiResult {
  const ns = obj.metadata.namespace ?? NS;
  const req = { verb: "create" as const, resource, namespace: ns, object: obj };
  if (!options) return handle(state, req);
  return handleWithAdmission(state, withVariant(state.config, { admission: { ResourceQuota: options } }).admission, req);
}

/** createCharged that must succeed. */
export function charged(state: State, resource: string, obj: KObject, plugin?: Options): State {
  const r = createCharged(state, resource, obj, plugin);
  if (isStatus(r.result)) throw new Error(`create ${resource} ${obj.metadata.name}: ${r.result.code} ${r.result.message}`);
  return r.state;
}

/** createCharged that must be refused; returns the refusal. */
export function refused(state: State, resource: string, obj: KObject, plugin?: Options): Status {
  const r = createCharged(state, resource, obj, plugin);
  if (!isStatus(r.result)) throw new Error(`create ${resource} ${obj.metadata.name} was admitted`);
  return r.result;
}

/** The stored quota. */
export const storedQuota = (s: State, name: string): KObject => existing(s, resolveResource(s, "resourcequotas")!, NS, name)!.value;

/** A request that must succeed, served with the quota plug-in out of the admission chain (a write that bypasses quota admission). */
export function mustWithoutQuotaAdmission(state: State, req: Parameters<typeof handle>[1]): State {
  const r = handleWithAdmission(state, state.config.admission.filter((a) => a.name !== "ResourceQuota"), req);
  if (isStatus(r.result)) throw new Error(`${req.verb} ${req.resource}: ${r.result.code} ${r.result.message}`);
  return r.state;
}
