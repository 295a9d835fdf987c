/**
 * Pods made from a controller's template. Follows pkg/controller/controller_utils.go (GetPodFromTemplate,
 * getPodsPrefix, getPodsLabelSet, getPodsAnnotationSet, getPodsFinalizers) and
 * k8s.io/apimachinery/pkg/apis/meta/v1/controller_ref.go (NewControllerRef).
 */
import type { KObject, OwnerReference } from "../../objects/types.ts";
import { isDNS1123Subdomain, maskTrailingDash } from "../../validation/names.ts";
import type { ControllerFlavor } from "./flavor.ts";

/**
 * The controller reference a controller puts on the pods it creates and adopts: controller=true makes it the
 * one managing controller, blockOwnerDeletion=true makes a foreground deletion of the owner wait for the pod.
 */
export function newControllerRef(owner: KObject, flavor: ControllerFlavor): OwnerReference {
  return {
    apiVersion: flavor.apiVersion,
    kind: flavor.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** "<name>-" when that is a valid generateName prefix (ValidatePodName with prefix=true), else the bare name. */
export function podsPrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  return isDNS1123Subdomain(maskTrailingDash(prefix)).length === 0 ? prefix : controllerName;
}

/**
 * The pod to create for `owner`: the template's labels, annotations and finalizers, generateName from the
 * owner's name, the controller reference, and the template's spec. Empty maps and lists are left out, as Go's
 * omitempty leaves them out of the request.
 */
export function podFromTemplate(owner: KObject, flavor: ControllerFlavor): KObject {
  const tmeta = owner.spec?.template?.metadata ?? {};
  const labels: Record<string, string> = { ...(tmeta.labels ?? {}) };
  const annotations: Record<string, string> = { ...(tmeta.annotations ?? {}) };
  const finalizers: string[] = [...(tmeta.finalizers ?? [])];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName: podsPrefix(owner.metadata.name!),
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ...(finalizers.length > 0 ? { finalizers } : {}),
      ownerReferences: [newControllerRef(owner, flavor)],
    },
    spec: owner.spec?.template?.spec ?? {},
  };
}
