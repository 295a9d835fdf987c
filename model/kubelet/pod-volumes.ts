/**
 * Mounting a pod's volumes before its sandbox starts: SyncPod's WaitForAttachAndMount
 * (pkg/kubelet/volumemanager/volume_manager.go), fed by the desired-state populator
 * (populator/desired_state_of_world_populator.go: createVolumeSpec, getPVCExtractPV, getPVSpec) and the volume
 * plugins' SetUp (pkg/volume/secret/secret.go SetUpAt and MakePayload), plus the attach step (attach.ts).
 * Until every volume can be mounted, no container starts: the pod stays Pending with its containers waiting in
 * ContainerCreating, and the kubelet tries again later.
 *
 * What can hold a pod:
 * - a secret that does not exist (unless optional) or lacks a key its items name — event FailedMount
 *   `MountVolume.SetUp failed for volume "v" : secret "s" not found`;
 * - a PersistentVolumeClaim that is missing, being deleted, not Bound or without spec.volumeName, or whose PV is
 *   missing or not bound back to it — event FailedMount `Unable to attach or mount volumes: unmounted
 *   volumes=[...], unattached volumes=[...], failed to process volumes=[...]: error processing PVC ns/c: PVC is
 *   not bound` (the kubelet records it only for such processing errors, not for a plain timeout);
 * - a ReadWriteOnce disk attached to another node — event FailedAttachVolume `Multi-Attach error for volume
 *   "v" Volume is already used by pod(s) p`, as the attach-detach controller reports it.
 *
 * The kubelet reads Secrets, PVCs and PVs with GETs through the API server, as the populator reads PVCs and PVs
 * (kubeClient...Get) and as the secret manager does under configMapAndSecretChangeDetectionStrategy: Get. A
 * cluster-wide Secret informer in every kubelet would hold every Secret once per node and wake every kubelet
 * for every Secret write; the real kubelet's watch strategy watches only the Secrets its pods name, which the
 * model's one-informer-per-resource cannot express. The retry is the pod worker's requeue after a failed sync:
 * the key goes to the housekeeping retry set (memory.ts markRetry), which is re-enqueued every 10 s; it is a
 * periodic wake-up, so a pod waiting forever for a Secret does not keep `settle` from quiescing. A retry inside
 * the failed attempt's exponential back-off does nothing (volume-backoff.ts), so attempts (and their events)
 * thin out to one per 2 min 2 s, as the operation executor's do.
 *
 * Model choice: the attach and the mounts happen in the same step as the sandbox creation, all or nothing, so a
 * pod that waits holds no disk.
 */
import type { ComponentState, RuntimePod, State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import type { EffectLog } from "../effects.ts";
import { send, reachable } from "../client.ts";
import { isStatus } from "../apiserver/status.ts";
import { recordEvent } from "../events/recorder.ts";
import { addHostPaths, putRuntimePod } from "../world/machine.ts";
import { DISK, HOST_PATH, secretLocation, volumeLocations, volumeType } from "./volumes.ts";
import { inlineDisk, isMultiAttachAllowed, persistentVolumeDisk, persistentVolumeLocalPath, type DiskRef } from "./volume-sources.ts";
import { attachDisks, multiAttachError } from "./attach.ts";

/** events.FailedMountVolume (pkg/kubelet/events): a volume could not be set up or processed. */
export const FAILED_MOUNT = "FailedMount";
/** kevents.FailedAttachVolume (pkg/controller/volume/events): the Multi-Attach error. */
export const FAILED_ATTACH_VOLUME = "FailedAttachVolume";

/** What the mount phase found for a pod. */
export interface VolumeSetup {
  readonly state: State;
  /** Every volume can be mounted now. */
  readonly ready: boolean;
  /** Volume name → data location (what the sandbox records once it is created). */
  readonly locations: Readonly<Record<string, string>>;
  /** The network disks to attach. */
  readonly disks: readonly DiskRef[];
  /** Node directories the pod's PVs name (hostPath and local PVs). */
  readonly hostPaths: readonly string[];
}

interface Problems {
  unmounted: string[];
  unattached: string[];
  unprocessed: string[];
  processErrors: string[];
  events: { reason: string; message: string }[];
}

/** The name of the PVC a generic ephemeral volume gets (ephemeral.VolumeClaimName). */
const ephemeralClaimName = (pod: KObject, volume: string): string => `${pod.metadata.name}-${volume}`;

/** Mounting a secret volume: the Secret's keys (or the items' paths) in a tmpfs. */
function setUpSecret(state: State, c: ComponentState, pod: KObject, uid: string, v: Record<string, any>, locations: Record<string, string>, p: Problems, log: EffectLog): State {
  const ns = pod.metadata.namespace!;
  const src = v.secret ?? {};
  const secretName: string = src.secretName ?? "";
  const optional = src.optional === true;
  const fail = (why: string) => {
    p.unmounted.push(v.name);
    p.events.push({ reason: FAILED_MOUNT, message: `MountVolume.SetUp failed for volume "${v.name}" : ${why}` });
  };
  const r = send(state, c.id, { verb: "get", resource: "secrets", namespace: ns, name: secretName }, log);
  if (isStatus(r.result)) {
    if (r.result.code !== 404) fail(r.result.message);
    else if (!optional) fail(`secret "${secretName}" not found`);
    else locations[v.name] = `${secretLocation(uid, v.name)}?from=${ns}/${secretName}&keys=`;
    return r.state;
  }
  const secret = r.result;
  const have = new Set(Object.keys({ ...(secret.data ?? {}), ...(secret.stringData ?? {}) }));
  let keys: string[];
  if (Array.isArray(src.items) && src.items.length > 0) {
    keys = [];
    for (const item of src.items as { key: string; path: string }[]) {
      if (have.has(item.key)) keys.push(item.path);
      else if (!optional) {
        fail(`references non-existent secret key: ${item.key}`);
        return r.state;
      }
    }
  } else {
    keys = [...have];
  }
  keys.sort();
  locations[v.name] = `${secretLocation(uid, v.name)}?from=${ns}/${secretName}@${secret.metadata.resourceVersion}&keys=${keys.join(",")}`;
  return r.state;
}

/**
 * The PV bound to a pod's claim, or why the volume cannot be processed yet (getPVCExtractPV, getPVSpec). Both
 * objects are read with GETs through the API server.
 */
function boundVolumeOf(state: State, c: ComponentState, pod: KObject, claim: string, ephemeral: boolean, log: EffectLog): { state: State; pv?: KObject; error?: string } {
  const ns = pod.metadata.namespace!;
  const r = send(state, c.id, { verb: "get", resource: "persistentvolumeclaims", namespace: ns, name: claim }, log);
  const processing = (why: string) => ({ state: r.state, error: `error processing PVC ${ns}/${claim}: ${why}` });
  if (isStatus(r.result)) return processing(`failed to fetch PVC from API server: ${r.result.message}`);
  const pvc = r.result;
  // Pods that use a PVC that is being deleted must not be started (StorageObjectInUseProtection).
  if (pvc.metadata.deletionTimestamp) return processing("PVC is being deleted");
  if (pvc.status?.phase !== "Bound") return processing("PVC is not bound");
  const pvName: string = pvc.spec?.volumeName ?? "";
  if (pvName === "") return processing("PVC has empty pvc.Spec.VolumeName");
  if (ephemeral && !(pvc.metadata.ownerReferences ?? []).some((o: any) => o.controller === true && o.uid === pod.metadata.uid)) {
    return { state: r.state, error: `PVC ${ns}/${claim} was not created for pod ${ns}/${pod.metadata.name} (pod is not owner)` };
  }
  const rv = send(r.state, c.id, { verb: "get", resource: "persistentvolumes", name: pvName }, log);
  const pvProcessing = (why: string) => ({ state: rv.state, error: `error processing PVC ${ns}/${claim}: ${why}` });
  if (isStatus(rv.result)) return pvProcessing(`failed to fetch PV ${pvName} from API server: ${rv.result.message}`);
  const pv = rv.result;
  const ref = pv.spec?.claimRef;
  if (!ref) return pvProcessing(`found PV object ${pvName} but it has a nil pv.Spec.ClaimRef indicating it is not yet bound to the claim`);
  // Kubernetes compares claimRef.uid with the claim's uid. A claimRef without uid (a PV pre-bound by name, not
  // yet completed by the binder) is accepted here when its namespace and name are the claim's.
  const refMatches = ref.uid ? ref.uid === pvc.metadata.uid : ref.namespace === ns && ref.name === claim;
  if (!refMatches) return pvProcessing(`found PV object ${pvName} but its pv.Spec.ClaimRef.UID ${ref.uid ?? ""} does not point to claim.UID ${pvc.metadata.uid}`);
  return { state: rv.state, pv };
}

/** Resolving a PVC volume to its bound PV's source (createVolumeSpec): a network disk or a node directory. */
function setUpClaim(
  state: State,
  c: ComponentState,
  pod: KObject,
  v: Record<string, any>,
  ephemeral: boolean,
  out: { locations: Record<string, string>; disks: [string, DiskRef][]; hostPaths: string[] },
  p: Problems,
  log: EffectLog,
): State {
  const claim: string = ephemeral ? ephemeralClaimName(pod, v.name) : v.persistentVolumeClaim?.claimName ?? "";
  const r = boundVolumeOf(state, c, pod, claim, ephemeral, log);
  if (!r.pv) {
    p.unmounted.push(v.name);
    p.unprocessed.push(v.name);
    p.processErrors.push(r.error!);
    return r.state;
  }
  const pv = r.pv;
  const disk = persistentVolumeDisk(pv);
  const local = persistentVolumeLocalPath(pv);
  if (disk) {
    out.disks.push([v.name, disk]);
    out.locations[v.name] = `${DISK}${disk.id}`;
  } else if (local) {
    out.hostPaths.push(local);
    out.locations[v.name] = `${HOST_PATH}${local}`;
  } else {
    // A source the model has no plugin for (fc, cephfs, azureDisk, ...): a disk named after the PV.
    const name = pv.metadata.name!;
    const generic: DiskRef = { id: `pv/${name}`, plugin: "kubernetes.io/unknown", exclusive: !isMultiAttachAllowed(pv), displayName: name };
    out.disks.push([v.name, generic]);
    out.locations[v.name] = `${DISK}${generic.id}`;
  }
  return r.state;
}

function record(state: State, source: string, pod: KObject | undefined, reason: string, message: string, log: EffectLog): State {
  if (!pod || !reachable(state, source)) return state;
  return recordEvent(state, source, pod, { type: "Warning", reason, message }, log);
}

/**
 * The mount phase of a pod about to get its sandbox on `node`: resolves every volume, checks every disk can be
 * attached here, and records the events of what holds the pod. `apiPod` receives the events.
 */
export function setUpPodVolumes(state: State, c: ComponentState, node: string, pod: KObject, uid: string, apiPod: KObject | undefined, log: EffectLog): VolumeSetup {
  let s = state;
  const locations = volumeLocations(pod, uid);
  const disks: [string, DiskRef][] = [];
  const hostPaths: string[] = [];
  const p: Problems = { unmounted: [], unattached: [], unprocessed: [], processErrors: [], events: [] };
  for (const v of (pod.spec?.volumes ?? []) as Record<string, any>[]) {
    const type = volumeType(v);
    if (type === "secret") s = setUpSecret(s, c, pod, uid, v, locations, p, log);
    else if (type === "persistentVolumeClaim" || type === "ephemeral") s = setUpClaim(s, c, pod, v, type === "ephemeral", { locations, disks, hostPaths }, p, log);
    else {
      const d = inlineDisk(v);
      if (d) disks.push([v.name, d]);
    }
  }
  const podRef = { namespace: pod.metadata.namespace!, name: pod.metadata.name! };
  for (const [name, d] of disks) {
    const err = multiAttachError(s, node, podRef, d);
    if (!err) continue;
    p.unmounted.push(name);
    p.unattached.push(name);
    p.events.push({ reason: FAILED_ATTACH_VOLUME, message: err });
  }
  if (p.processErrors.length > 0) {
    const list = (xs: string[]) => `[${[...new Set(xs)].sort().join(" ")}]`;
    p.events.push({
      reason: FAILED_MOUNT,
      message: `Unable to attach or mount volumes: unmounted volumes=${list(p.unmounted)}, unattached volumes=${list(p.unattached)}, failed to process volumes=${list(p.unprocessed)}: ${p.processErrors.join("; ")}`,
    });
  }
  for (const e of p.events) s = record(s, c.id, apiPod, e.reason, e.message, log);
  return { state: s, ready: p.unmounted.length === 0, locations, disks: disks.map(([, d]) => d), hostPaths };
}

/**
 * Attaches the pod's disks, creates its PVs' node directories and records where each volume lives in the new
 * sandbox. Returns the sandbox as stored.
 */
export function mountPodVolumes(state: State, node: string, rp: RuntimePod, setup: VolumeSetup): { state: State; runtime: RuntimePod } {
  let s = attachDisks(state, node, { namespace: rp.namespace, name: rp.name }, setup.disks);
  if (setup.hostPaths.length > 0) s = addHostPaths(s, node, setup.hostPaths);
  const runtime: RuntimePod = { ...rp, volumes: setup.locations };
  return { state: putRuntimePod(s, node, runtime), runtime };
}
