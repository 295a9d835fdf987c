/**
 * Test clusters for ResourceQuota: the controller and the API server's quota informer registered and started,
 * and a create that goes through the quota plug-in's charge the way the admission chain will run it once it
 * threads state (check and charge, then the ordinary create).
 */
import { ADMISSION_CHAIN } from "../../apiserver/admission/chain.ts";
import type { AdmissionPlugin } from "../../apiserver/admission/types.ts";
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
import { registerBehavior } from "../../components/registry.ts";
import { addComponent } from "../../components/lifecycle.ts";
import { resourceQuotaAdmission, type ResourceQuotaAdmission } from "../../apiserver/admission/resource-quota.ts";
import { QUOTA_ADMISSION_INFORMER_ID, QUOTA_ADMISSION_INFORMER_KIND, quotaAdmissionInformer } from "./admission-informer.ts";
import { RESOURCEQUOTA_CONTROLLER_ID, RESOURCEQUOTA_CONTROLLER_KIND, resourceQuotaController } from "./controller.ts";

registerBehavior(resourceQuotaController);
registerBehavior(quotaAdmissionInformer);

export const NS = "shop";

/** bootstrap() plus namespace "shop", the quota controller and (unless left out) the API server's quota informer. */
export function quotaCluster(opts: { informer?: boolean; controller?: boolean } = {}): State {
  // The quota components are wired into bootstrap now: leave them (and the token Secrets, which would count
  // against secret quotas) out, then add those asked for.
  let s = bootstrap({ without: [RESOURCEQUOTA_CONTROLLER_KIND, QUOTA_ADMISSION_INFORMER_KIND, "serviceaccount-tokens-controller"] });
  if (opts.controller !== false) s = addComponent(s, RESOURCEQUOTA_CONTROLLER_ID, RESOURCEQUOTA_CONTROLLER_KIND);
  if (opts.informer !== false) s = addComponent(s, QUOTA_ADMISSION_INFORMER_ID, QUOTA_ADMISSION_INFORMER_KIND);
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
 * A create through the quota plug-in's check-and-charge, then the API server's create (as create.ts will do
 * once admission threads state: mutating admission, defaulting and the strategy are already applied to the
 * object the plug-in sees).
 */
export function createCharged(state: State, resource: string, obj: KObject, plugin: ResourceQuotaAdmission = resourceQuotaAdmission): ApiResult {
  const ns = obj.metadata.namespace ?? NS;
  // The quota plug-in is in the API server's admission chain: run the create with `plugin` in its place.
  const chain = ADMISSION_CHAIN as AdmissionPlugin[];
  const at = chain.findIndex((p) => p.name === plugin.name);
  const saved = at >= 0 ? chain[at]! : undefined;
  if (at >= 0) chain[at] = plugin;
  else chain.push(plugin);
  try {
    return handle(state, { verb: "create", resource, namespace: ns, object: obj });
  } finally {
    if (saved) chain[at] = saved;
    else chain.pop();
  }
}

/** createCharged that must succeed. */
export function charged(state: State, resource: string, obj: KObject, plugin?: ResourceQuotaAdmission): State {
  const r = createCharged(state, resource, obj, plugin);
  if (isStatus(r.result)) throw new Error(`create ${resource} ${obj.metadata.name}: ${r.result.code} ${r.result.message}`);
  return r.state;
}

/** createCharged that must be refused; returns the refusal. */
export function refused(state: State, resource: string, obj: KObject, plugin?: ResourceQuotaAdmission): Status {
  const r = createCharged(state, resource, obj, plugin);
  if (!isStatus(r.result)) throw new Error(`create ${resource} ${obj.metadata.name} was admitted`);
  return r.result;
}

/** The stored quota. */
export const storedQuota = (s: State, name: string): KObject => existing(s, resolveResource(s, "resourcequotas")!, NS, name)!.value;

/** Runs f with the quota plug-in out of the admission chain (a write that bypasses quota admission). */
export function withoutQuotaAdmission<T>(f: () => T): T {
  const chain = ADMISSION_CHAIN as AdmissionPlugin[];
  const at = chain.findIndex((p) => p.name === resourceQuotaAdmission.name);
  if (at < 0) return f();
  const [saved] = chain.splice(at, 1);
  try {
    return f();
  } finally {
    chain.splice(at, 0, saved!);
  }
}
