/**
 * Static pods: pods from the node's own manifest directory (/etc/kubernetes/manifests), which the kubelet runs
 * without the API server, and their mirror pods, through which the API sees them. Follows
 * pkg/kubelet/config/common.go (applyDefaults: the uid is a hash of node, source and manifest; the name gets
 * "-<node>"; namespace "default"; spec.nodeName; the config.hash annotation; a NoExecute toleration for every
 * taint), pkg/kubelet/config/file.go (config.source=file) and pkg/kubelet/pod/mirror_client.go (CreateMirrorPod:
 * the static pod with the kubernetes.io/config.mirror annotation and a controller reference to its Node;
 * IsMirrorPod; pkg/kubelet/pod/pod_manager.go IsMirrorPodOf).
 */
import type { Machine } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { applyDefaults } from "../apiserver/defaults.ts";
import { fnv32aCodeUnits, hex32 } from "../collections/fnv.ts";
import { CONFIG_HASH_ANNOTATION, CONFIG_MIRROR_ANNOTATION, CONFIG_SOURCE_ANNOTATION } from "../objects/kubelet-annotations.ts";
import { memoByObject, memoByString } from "../collections/memo.ts";

export { CONFIG_HASH_ANNOTATION, CONFIG_MIRROR_ANNOTATION };

/** The manifest directory (--pod-manifest-path). */
export const STATIC_POD_PATH = "/etc/kubernetes/manifests";

/** An md5-sized (32 hex digits) hash from four FNV-1a passes: deterministic, no crypto needed in the model. */
function hash128(s: string): string {
  let out = "";
  // Each pass starts from another basis (the first is FNV's own), so the four words differ.
  for (const seed of [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b]) out += hex32(fnv32aCodeUnits(s, seed));
  return out;
}

/** The static pod the kubelet of `node` makes of a manifest (config/common.go applyDefaults). */
export function staticPodObject(manifest: KObject, node: string): KObject {
  const defaulted = applyDefaults({ ...manifest, apiVersion: "v1", kind: "Pod" });
  const source = `${STATIC_POD_PATH}/${manifest.metadata.name}.yaml`;
  const uid = hash128(`host:${node}file:${source}${JSON.stringify(defaulted)}`);
  const tolerations: any[] = [...(defaulted.spec?.tolerations ?? [])];
  if (!tolerations.some((t) => t.operator === "Exists" && t.effect === "NoExecute" && !t.key)) tolerations.push({ operator: "Exists", effect: "NoExecute" });
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      ...defaulted.metadata,
      name: `${manifest.metadata.name}-${node.toLowerCase()}`,
      namespace: manifest.metadata.namespace || "default",
      uid,
      annotations: { ...(defaulted.metadata.annotations ?? {}), [CONFIG_HASH_ANNOTATION]: uid, [CONFIG_SOURCE_ANNOTATION]: "file" },
    },
    spec: { ...defaulted.spec, nodeName: node, tolerations },
    status: { phase: "Pending" },
  };
}

/**
 * Static pod objects already made, by manifest object and node. A pure function's memo (manifests are immutable
 * values in the state), so that pod syncs on a node with static pods do not re-hash the manifests each time.
 */

/** The static pods of a machine. */
export function staticPodsOf(m: Machine): KObject[] {
  return (m.staticPods ?? []).map((manifest) => madeOn(manifest)(m.name));
}

/** Static pod objects by manifest, then node: made once, so a machine's static pods are the same objects every time. */
const madeOn = memoByObject((manifest: KObject) => memoByString((node) => staticPodObject(manifest, node)));

/** The static pod whose (mirror) key is `key` ("namespace/name-node"), if any. */
export function staticPodForKey(m: Machine, key: string): KObject | undefined {
  if (!m.staticPods || m.staticPods.length === 0) return undefined;
  return staticPodsOf(m).find((p) => `${p.metadata.namespace}/${p.metadata.name}` === key);
}

/** IsMirrorPod: the pod carries the config.mirror annotation. */
export const isMirrorPod = (pod: KObject): boolean => pod.metadata.annotations?.[CONFIG_MIRROR_ANNOTATION] !== undefined;

/** IsMirrorPodOf: the mirror pod has the static pod's name and hash. */
export function isMirrorPodOf(mirror: KObject, staticPod: KObject): boolean {
  return (
    mirror.metadata.name === staticPod.metadata.name &&
    mirror.metadata.namespace === staticPod.metadata.namespace &&
    mirror.metadata.annotations?.[CONFIG_MIRROR_ANNOTATION] === staticPod.metadata.annotations?.[CONFIG_HASH_ANNOTATION]
  );
}

/** CreateMirrorPod's object: the static pod without uid/status, the mirror annotation, owned by the Node. */
export function mirrorPodObject(staticPod: KObject, node: KObject): KObject {
  const { uid: _uid, ...meta } = staticPod.metadata;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      ...meta,
      annotations: { ...(meta.annotations ?? {}), [CONFIG_MIRROR_ANNOTATION]: staticPod.metadata.annotations?.[CONFIG_HASH_ANNOTATION] ?? "" },
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name: node.metadata.name!, uid: node.metadata.uid!, controller: true }],
    },
    spec: staticPod.spec,
  };
}
