/** Validation dispatch: object metadata for every kind, then the kind's own rules. */
import type { KObject } from "../../objects/types.ts";
import type { ResourceInfo } from "../resources.ts";
import {
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
  type ValidateNameFunc,
} from "../../validation/metadata.ts";
import type { FieldError } from "../../validation/field-error.ts";
import { validatePod, validatePodUpdate } from "./pod.ts";
import {
  validateDeployment,
  validateHorizontalPodAutoscaler,
  validateReplicaSet,
  validateReplicationController,
  validateSelectorImmutable,
} from "./workloads.ts";
import {
  validateNamespaceSpec,
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validateService,
  validateServiceUpdate,
  validatePersistentVolumeClaimUpdate,
} from "./core.ts";
import { validateConfigMap, validateConfigMapUpdate, validateSecret, validateSecretUpdate } from "./config.ts";
import { validatePriorityClass, validatePriorityClassUpdate } from "./priority-class.ts";

/** Name rules per kind (pkg/apis/core/validation: ValidateNamespaceName, ValidateServiceName = DNS-1035, ...). */
const NAME_RULES: Record<string, ValidateNameFunc> = {
  Namespace: nameIsDNSLabel,
  Service: nameIsDNS1035Label,
};

const CREATE_RULES: Record<string, (o: KObject) => FieldError[]> = {
  Pod: validatePod,
  ReplicaSet: validateReplicaSet,
  ReplicationController: validateReplicationController,
  Deployment: validateDeployment,
  HorizontalPodAutoscaler: validateHorizontalPodAutoscaler,
  Service: validateService,
  PersistentVolume: validatePersistentVolume,
  PersistentVolumeClaim: validatePersistentVolumeClaim,
  Namespace: validateNamespaceSpec,
  ConfigMap: validateConfigMap,
  Secret: validateSecret,
  PriorityClass: validatePriorityClass,
};

const UPDATE_RULES: Record<string, (n: KObject, o: KObject) => FieldError[]> = {
  Pod: validatePodUpdate,
  ReplicaSet: (n, o) => [...validateReplicaSet(n), ...validateSelectorImmutable(n, o)],
  Deployment: (n, o) => [...validateDeployment(n), ...validateSelectorImmutable(n, o)],
  Service: validateServiceUpdate,
  PersistentVolumeClaim: validatePersistentVolumeClaimUpdate,
  ConfigMap: validateConfigMapUpdate,
  Secret: validateSecretUpdate,
  PriorityClass: validatePriorityClassUpdate,
};

/** Errors of a new object (empty when valid). */
export function validateCreate(info: ResourceInfo, obj: KObject): FieldError[] {
  const nameFn = NAME_RULES[info.kind] ?? nameIsDNSSubdomain;
  const errs = validateObjectMeta(obj.metadata as any, { namespaced: info.namespaced, nameFn }, "metadata");
  // a custom resource may share a built-in kind's name; its own schema validates it
  const own = info.crd ? undefined : CREATE_RULES[info.kind];
  return own ? [...errs, ...own(obj)] : errs;
}

/** Errors of an update from old to next (empty when valid). */
export function validateUpdate(info: ResourceInfo, next: KObject, old: KObject): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata as any, old.metadata as any, "metadata");
  if (info.crd) return errs;
  const own = UPDATE_RULES[info.kind] ?? ((n: KObject) => CREATE_RULES[info.kind]?.(n) ?? []);
  return [...errs, ...own(next, old)];
}
