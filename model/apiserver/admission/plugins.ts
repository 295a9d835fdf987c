/**
 * The admission plug-ins the model has, by the name kube-apiserver's --enable-admission-plugins uses
 * (pkg/kubeapiserver/options/plugins.go), each with the options it takes: a config's `admission` list names them.
 */
import type { AdmissionPlugin } from "./types.ts";
import type { Options } from "../../config.ts";
import { makeNamespaceLifecycle, type NamespaceLifecycleOptions } from "./namespace-lifecycle.ts";
import { serviceAccountAdmission } from "./service-account.ts";
import { defaultTolerationSecondsAdmission } from "./default-toleration-seconds.ts";
import { taintNodesByConditionAdmission } from "./taint-nodes-by-condition.ts";
import { priorityAdmission } from "./priority.ts";
import { storageObjectInUseProtectionAdmission } from "./storage-object-in-use-protection.ts";
import { persistentVolumeClaimResizeAdmission } from "./persistent-volume-claim-resize.ts";
import { makeResourceQuotaAdmission, type ResourceQuotaAdmissionOptions } from "./resource-quota.ts";

export interface AdmissionPluginKind {
  readonly name: string;
  /** The options it takes and their JSON types. */
  readonly options?: Readonly<Record<string, "boolean" | "string">>;
  make(options: Options): AdmissionPlugin;
}

const PLUGINS: readonly AdmissionPluginKind[] = [
  { name: "NamespaceLifecycle", options: { lister: "string" }, make: (o) => makeNamespaceLifecycle(o as NamespaceLifecycleOptions) },
  { name: "ServiceAccount", make: () => serviceAccountAdmission },
  { name: "TaintNodesByCondition", make: () => taintNodesByConditionAdmission },
  { name: "Priority", make: () => priorityAdmission },
  { name: "DefaultTolerationSeconds", make: () => defaultTolerationSecondsAdmission },
  { name: "StorageObjectInUseProtection", make: () => storageObjectInUseProtectionAdmission },
  { name: "PersistentVolumeClaimResize", make: () => persistentVolumeClaimResizeAdmission },
  { name: "ResourceQuota", options: { casOnUsage: "boolean" }, make: (o) => makeResourceQuotaAdmission(o as ResourceQuotaAdmissionOptions) },
];

export const ADMISSION_PLUGINS: ReadonlyMap<string, AdmissionPluginKind> = new Map(PLUGINS.map((k) => [k.name, k]));
