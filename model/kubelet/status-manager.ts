/**
 * Writing pod status and deleting finished pods. Follows pkg/kubelet/status/status_manager.go (syncPod,
 * canBeDeleted): the status manager compares the wanted status with the last one the API has; when they
 * differ it GETs the pod (a pod deleted and re-created under the same name has another uid: its status is not
 * touched), and writes the status subresource against what it read. A pod being deleted whose API phase is
 * terminal and whose termination has finished is deleted with grace period 0 and its uid as precondition, so a
 * new pod with the same name is never deleted by mistake. Mirror pods are never deleted this way.
 */
import type { ComponentState, State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import type { EffectLog } from "../effects.ts";
import { send } from "../client.ts";
import { isStatus } from "../apiserver/status.ts";
import { PODS } from "./keys.ts";
import { isTerminalPhase, sameStatus } from "./pod-status.ts";
import { isMirrorPod } from "../world/static-pods.ts";

/** The outcome of a status sync. */
export interface StatusSyncResult {
  readonly state: State;
  /** The API pod after the sync, when it still exists (with the uid the kubelet knows). */
  readonly pod?: KObject;
  /** The API could not be reached or refused the write: sync again later. */
  readonly failed: boolean;
  /** The pod is gone from the API, or was replaced by a pod with another uid. */
  readonly gone: boolean;
}

/**
 * Brings the API status of `apiPod` (from the cache) to want(base status). `want` is called with the status it
 * will be compared with (conditions keep their transition times relative to it).
 */
export function syncPodStatus(state: State, c: ComponentState, apiPod: KObject, want: (oldStatus: any) => any, log: EffectLog): StatusSyncResult {
  const ns = apiPod.metadata.namespace!;
  const name = apiPod.metadata.name!;
  if (sameStatus(want(apiPod.status), apiPod.status)) return { state, pod: apiPod, failed: false, gone: false };
  const got = send(state, c.id, { verb: "get", resource: PODS, namespace: ns, name }, log);
  if (isStatus(got.result)) return { state, failed: got.result.code !== 404, gone: got.result.code === 404 };
  const fresh = got.result;
  if (fresh.metadata.uid !== apiPod.metadata.uid) return { state, failed: false, gone: true };
  const status = want(fresh.status);
  if (sameStatus(status, fresh.status)) return { state, pod: fresh, failed: false, gone: false };
  const r = send(state, c.id, { verb: "update", resource: PODS, namespace: ns, name, subresource: "status", object: { ...fresh, status } }, log);
  if (isStatus(r.result)) return { state: r.state, failed: r.result.code !== 404, gone: r.result.code === 404 };
  return { state: r.state, pod: r.result, failed: false, gone: false };
}

/** canBeDeleted: a pod being deleted, not a mirror pod, whose API phase is terminal (termination has finished). */
export function canBeDeleted(pod: KObject): boolean {
  return Boolean(pod.metadata.deletionTimestamp) && !isMirrorPod(pod) && isTerminalPhase(pod.status?.phase);
}

/**
 * The final delete (grace period 0, uid precondition). `removed` is true when the pod is gone from the API
 * afterwards as far as this kubelet is concerned (deleted now, already gone, or replaced by another uid).
 */
export function deleteFinishedPod(state: State, c: ComponentState, pod: KObject, log: EffectLog): { state: State; removed: boolean } {
  const r = send(
    state,
    c.id,
    { verb: "delete", resource: PODS, namespace: pod.metadata.namespace!, name: pod.metadata.name!, gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid! } },
    log,
  );
  if (!isStatus(r.result)) return { state: r.state, removed: true };
  return { state: r.state, removed: r.result.code === 404 || r.result.code === 409 };
}
