/**
 * The root CA certificate publisher of kube-controller-manager: every namespace holds a ConfigMap
 * `kube-root-ca.crt` with key ca.crt, the CA bundle pods use to verify the API server (the ServiceAccount
 * admission's token volume projects it). Follows pkg/controller/certificates/rootcacertpublisher/publisher.go:
 * a namespace's add (and update while Active) enqueues it, and so do the deletion and the update of a ConfigMap
 * named kube-root-ca.crt; syncNamespace creates the ConfigMap when its lister does not have it, and restores
 * its data and its kubernetes.io/description annotation when they differ. A create refused because the namespace
 * is gone (NotFound) or terminating (Forbidden) is not retried.
 *
 * The CA bundle is made up: the model has no certificates, so ca.crt holds a fixed PEM-shaped placeholder
 * (not a parseable certificate).
 */
import type { ComponentBehavior } from "../../components/behavior.ts";
import type { KObject } from "../../objects/types.ts";
import { cacheGet } from "../../informers/cache.ts";
import { send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";
import { jsonEqual } from "../../apiserver/common.ts";

export const ROOT_CA_CERT_CONFIG_MAP_NAME = "kube-root-ca.crt";
export const DESCRIPTION_ANNOTATION = "kubernetes.io/description";
export const ROOT_CA_DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. " +
  "No other usage is guaranteed across distributions of Kubernetes clusters.";
/** The model's stand-in for the cluster CA (a placeholder in PEM armour, not a certificate). */
export const MODEL_ROOT_CA = "-----BEGIN CERTIFICATE-----\nkubeprop model cluster CA (placeholder, not a certificate)\n-----END CERTIFICATE-----\n";

export const ROOT_CA_CERT_PUBLISHER_KIND = "root-ca-cert-publisher";

/** The ConfigMap the publisher creates in a namespace. */
export function rootCAConfigMap(namespace: string): KObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: ROOT_CA_CERT_CONFIG_MAP_NAME, namespace, annotations: { [DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION } },
    data: { "ca.crt": MODEL_ROOT_CA },
  } as KObject;
}

const WANT_DATA = { "ca.crt": MODEL_ROOT_CA };

export const rootCACertPublisher: ComponentBehavior<null> = {
  kind: ROOT_CA_CERT_PUBLISHER_KIND,
  source: "pkg/controller/certificates/rootcacertpublisher/publisher.go",
  watches: () => [{ resource: "configmaps" }, { resource: "namespaces" }],
  keysFor(resource, ev) {
    if (resource === "namespaces") {
      // namespaceAdded enqueues always; namespaceUpdated only an Active namespace; deletions are not handled.
      if (ev.type === "ADDED") return [ev.object.metadata.name!];
      if (ev.type === "MODIFIED" && ev.object.status?.phase === "Active") return [ev.object.metadata.name!];
      return [];
    }
    // configMapDeleted and configMapUpdated, for the one name; an added ConfigMap is not an event it handles.
    if (ev.type === "ADDED" || ev.object.metadata.name !== ROOT_CA_CERT_CONFIG_MAP_NAME) return [];
    return [ev.object.metadata.namespace!];
  },
  reconcile(state, c, key, log) {
    const cm = cacheGet(c, "configmaps", `${key}/${ROOT_CA_CERT_CONFIG_MAP_NAME}`);
    if (!cm) {
      const r = send(state, c.id, { verb: "create", resource: "configmaps", namespace: key, object: rootCAConfigMap(key) }, log);
      // Not retried: the namespace is gone (NotFound) or terminating (Forbidden, NamespaceTerminating). An
      // AlreadyExists is a stale cache: the ConfigMap's own event brings the key back if it needs restoring.
      const done = !isStatus(r.result) || ["NotFound", "Forbidden", "AlreadyExists"].includes(r.result.reason);
      return { state: r.state, requeue: !done };
    }
    const annotations = cm.metadata.annotations ?? {};
    if (jsonEqual((cm as any).data ?? {}, WANT_DATA) && (annotations[DESCRIPTION_ANNOTATION] ?? "").length > 0) return { state };
    const next = { ...cm, metadata: { ...cm.metadata, annotations: { ...annotations, [DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION } }, data: WANT_DATA } as KObject;
    const r = send(state, c.id, { verb: "update", resource: "configmaps", namespace: key, name: ROOT_CA_CERT_CONFIG_MAP_NAME, object: next }, log);
    // Any refusal (a Conflict with a newer version, the ConfigMap deleted meanwhile) is retried, as upstream's
    // returned error is: the next sync reads the cache again.
    return { state: r.state, requeue: isStatus(r.result) };
  },
  initialMemory: () => null,
};
