/**
 * Temporary wiring for tests and scenario runs, until the lead adds these components to bootstrap's
 * CONTROL_PLANE and the plug-ins to ADMISSION_CHAIN: registers the behaviours, appends what is missing to
 * both lists (they are plain arrays at run time), and returns an undo. Each test file runs in its own process
 * (vitest forks), so this never leaks into other engineers' tests; once the lead has wired them, nothing is
 * appended.
 *
 * The quota plug-in joins the chain in its check-only form (validate): the chain cannot yet keep the quota
 * write its decision comes with, so status.used moves only by the quota controller's recount.
 */
import { CONTROL_PLANE } from "../../bootstrap.ts";
import { ADMISSION_CHAIN } from "../../apiserver/admission/chain.ts";
import type { AdmissionPlugin } from "../../apiserver/admission/types.ts";
import { registerBehavior } from "../../components/registry.ts";
import { serviceAccountAdmission } from "../../apiserver/admission/service-account.ts";
import { resourceQuotaAdmission } from "../../apiserver/admission/resource-quota.ts";
import { NAMESPACE_CONTROLLER_ID, NAMESPACE_CONTROLLER_KIND, namespaceController } from "./controller.ts";
import { CRD_CLEANUP_ID, CRD_CLEANUP_KIND, crdCleanupController } from "./crd-cleanup.ts";
import { RESOURCEQUOTA_CONTROLLER_ID, RESOURCEQUOTA_CONTROLLER_KIND, resourceQuotaController } from "../resourcequota/controller.ts";
import { QUOTA_ADMISSION_INFORMER_ID, QUOTA_ADMISSION_INFORMER_KIND, quotaAdmissionInformer } from "../resourcequota/admission-informer.ts";
import { TOKENS_CONTROLLER_ID, TOKENS_CONTROLLER_KIND, tokensController } from "../serviceaccount/tokens-controller.ts";

/** The components of this part, as CONTROL_PLANE entries. */
export const NAMESPACE_QUOTA_ACCOUNT_COMPONENTS = [
  { id: CRD_CLEANUP_ID, kind: CRD_CLEANUP_KIND },
  { id: QUOTA_ADMISSION_INFORMER_ID, kind: QUOTA_ADMISSION_INFORMER_KIND },
  { id: NAMESPACE_CONTROLLER_ID, kind: NAMESPACE_CONTROLLER_KIND },
  { id: RESOURCEQUOTA_CONTROLLER_ID, kind: RESOURCEQUOTA_CONTROLLER_KIND },
  { id: TOKENS_CONTROLLER_ID, kind: TOKENS_CONTROLLER_KIND },
] as const;

/** Wires everything of this part in; returns the undo. */
export function wireNamespaceQuotaAccounts(): () => void {
  for (const b of [namespaceController, crdCleanupController, resourceQuotaController, quotaAdmissionInformer, tokensController]) registerBehavior(b);
  const plane = CONTROL_PLANE as { id: string; kind: string }[];
  const chain = ADMISSION_CHAIN as AdmissionPlugin[];
  const addedComponents = NAMESPACE_QUOTA_ACCOUNT_COMPONENTS.filter((c) => !plane.some((p) => p.id === c.id));
  plane.push(...addedComponents);
  const addedPlugins = [serviceAccountAdmission, resourceQuotaAdmission].filter((p) => !chain.some((q) => q.name === p.name));
  chain.push(...addedPlugins);
  return () => {
    for (const c of addedComponents) plane.splice(plane.indexOf(c), 1);
    for (const p of addedPlugins) chain.splice(chain.indexOf(p), 1);
  };
}
