/**
 * Test support for the volume tests: a cluster without the PV binder (the tests bind claims themselves, through
 * the API, as the binder would), claims and volumes, binding, and readers of disks, events and sandboxes. Not
 * part of the model (imported by *.test.ts only).
 */
import { bootstrap } from "../bootstrap.ts";
import { addNode } from "../add-node.ts";
import { handle } from "../apiserver/handle.ts";
import { isStatus } from "../apiserver/status.ts";
import { btreeGet, btreeValues } from "../collections/btree.ts";
import type { KObject } from "../objects/types.ts";
import type { State } from "../state.ts";
import type { NetworkDisk } from "../world/types.ts";
import { boundPod, must, sandboxOf } from "./kubelet.test-support.ts";

/** The PV binder's kind: left out, so that nothing but the test binds a claim. */
export const PV_BINDER_KIND = "persistentvolume-binder-controller";

/** A cluster of nodes n1, n2, ... (4 cpu, 8Gi) with kubelets and every control-plane component but the PV binder. */
export function volumeCluster(names: readonly string[] = ["n1", "n2"]): State {
  let s = bootstrap({ without: [PV_BINDER_KIND] });
  for (const name of names) {
    const r = addNode(s, { name, capacity: { cpu: "4", memory: "8Gi", pods: "110" } });
    if (r.error) throw new Error(r.error.message);
    s = r.state;
  }
  return s;
}

/** A pod bound to `node` whose container mounts the given volumes. */
export function podWithVolumes(name: string, node: string, volumes: Record<string, unknown>[], restartPolicy?: "Always" | "Never"): KObject {
  return boundPod(name, { node, volumes, ...(restartPolicy ? { restartPolicy } : {}) });
}

/** Creates an object (must succeed). */
export const create = (s: State, resource: string, object: KObject): State =>
  must(s, { verb: "create", resource, ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}), object }).state;

/** A Secret in "default". */
export const secret = (name: string, data: Record<string, string>): KObject => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name, namespace: "default" },
  data,
});

/** A PersistentVolumeClaim in "default" (1Gi). */
export const claim = (name: string, accessModes: string[] = ["ReadWriteOnce"]): KObject => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name, namespace: "default" },
  spec: { accessModes, resources: { requests: { storage: "1Gi" } } },
});

/** A PersistentVolume with a source (e.g. {gcePersistentDisk: {pdName}}), optionally pre-bound to a claim. */
export function volume(name: string, source: Record<string, unknown>, accessModes: string[] = ["ReadWriteOnce"], claimRef?: Record<string, unknown>): KObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name },
    spec: { capacity: { storage: "1Gi" }, accessModes, persistentVolumeReclaimPolicy: "Retain", ...source, ...(claimRef ? { claimRef } : {}) },
  };
}

/** The API object, or undefined. */
export function getObject(s: State, resource: string, name: string, namespace?: string): KObject | undefined {
  const r = handle(s, { verb: "get", resource, ...(namespace ? { namespace } : {}), name });
  return isStatus(r.result) ? undefined : r.result;
}

/**
 * Binds claim default/<claimName> to PV <pvName> the way the PV controller does: the PV's claimRef (with the
 * claim's uid) and phase Bound, the claim's volumeName and bind-completed annotation, then its phase Bound.
 */
export function bindClaim(s: State, claimName: string, pvName: string): State {
  const pvc = getObject(s, "persistentvolumeclaims", claimName, "default")!;
  const pv = getObject(s, "persistentvolumes", pvName)!;
  let t = must(s, {
    verb: "update",
    resource: "persistentvolumes",
    name: pvName,
    object: { ...pv, spec: { ...pv.spec, claimRef: { kind: "PersistentVolumeClaim", namespace: "default", name: claimName, uid: pvc.metadata.uid } } },
  }).state;
  t = must(t, { verb: "patch", resource: "persistentvolumes", name: pvName, subresource: "status", patch: { status: { phase: "Bound" } } }).state;
  t = must(t, {
    verb: "patch",
    resource: "persistentvolumeclaims",
    namespace: "default",
    name: claimName,
    patch: { metadata: { annotations: { "pv.kubernetes.io/bind-completed": "yes" } }, spec: { volumeName: pvName } },
  }).state;
  return must(t, { verb: "patch", resource: "persistentvolumeclaims", namespace: "default", name: claimName, subresource: "status", patch: { status: { phase: "Bound" } } }).state;
}

/** The world's disk with this id. */
export const diskOf = (s: State, id: string): NetworkDisk | undefined => (s.world.disks ? btreeGet(s.world.disks, id) : undefined);

/** Every disk in the world. */
export const allDisks = (s: State): NetworkDisk[] => (s.world.disks ? btreeValues(s.world.disks) : []);

/** The disks a machine lists as attached. */
export const attachedTo = (s: State, node: string): readonly string[] => btreeGet(s.world.machines, node)!.attachedDisks ?? [];

/** The events about a pod: [reason, message, count]. */
export function podEvents(s: State, pod: string): [string, string, number][] {
  const r = handle(s, { verb: "list", resource: "events", namespace: "default" });
  if (isStatus(r.result)) return [];
  return (r.result as any).items.filter((e: any) => e.involvedObject?.name === pod).map((e: any) => [e.reason, e.message, e.count]);
}

/** A sandbox's volumes without the service account token volume admission adds to every pod. */
export function ownVolumes(s: State, node: string, pod: string): Record<string, string> | undefined {
  const rp = sandboxOf(s, node, pod);
  if (!rp) return undefined;
  return Object.fromEntries(Object.entries(rp.volumes).filter(([name]) => !name.startsWith("kube-api-access-")));
}

/** The first app container's waiting reason (or "running"/"terminated"). */
export function containerState(pod: KObject | undefined): string | undefined {
  const st = pod?.status?.containerStatuses?.[0]?.state;
  if (!st) return undefined;
  if (st.waiting) return st.waiting.reason;
  return st.running ? "running" : "terminated";
}
