/**
 * The controller's status: counts of the pods it owns and the ReplicaFailure condition. Follows
 * pkg/controller/replicaset/replica_set_utils.go (calculateStatus, updateReplicaSetStatus, NewReplicaSetCondition,
 * GetCondition, SetCondition, RemoveCondition) and replica_set.go (statusUpdateRetries).
 */
import type { ComponentState, State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { EffectLog } from "../../effects.ts";
import { timestamp } from "../../clock.ts";
import { send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";
import { selectorFromSet } from "../../labels/index.ts";
import type { ControllerFlavor } from "./flavor.ts";
import { isPodAvailable, isPodReady } from "./pod-conditions.ts";

/** A ReplicaSet (or ReplicationController) condition. */
export interface ReplicaSetCondition {
  readonly type: string;
  readonly status: string;
  readonly lastTransitionTime?: string;
  readonly reason?: string;
  readonly message?: string;
}

/** ReplicaSetStatus as served: zero counts, an unset generation and no conditions are left out (omitempty). */
export interface ReplicaSetStatus {
  readonly replicas: number;
  readonly fullyLabeledReplicas?: number;
  readonly readyReplicas?: number;
  readonly availableReplicas?: number;
  readonly observedGeneration?: number;
  readonly conditions?: readonly ReplicaSetCondition[];
  readonly [other: string]: unknown;
}

/** The condition type set while creates or deletes fail (apps.ReplicaSetReplicaFailure). */
export const REPLICA_FAILURE = "ReplicaFailure";

/** How many times a refused status write is retried after re-reading the object (statusUpdateRetries). */
export const STATUS_UPDATE_RETRIES = 1;

/** GetCondition. */
export function getCondition(status: ReplicaSetStatus | undefined, type: string): ReplicaSetCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

const STATUS_FIELDS = ["replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration", "conditions"] as const;

/**
 * The status as the API serves it: the fields in ReplicaSetStatus order, then any others it had; Go's omitempty
 * leaves out zero counts, a zero generation and an empty condition list (replicas is always written).
 */
function normalizeStatus(s: Record<string, unknown>): ReplicaSetStatus {
  const out: Record<string, unknown> = { replicas: s.replicas ?? 0 };
  for (const k of STATUS_FIELDS.slice(1)) {
    const v = s[k];
    if (v === undefined || v === 0 || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  for (const [k, v] of Object.entries(s)) if (!(STATUS_FIELDS as readonly string[]).includes(k) && v !== undefined) out[k] = v;
  return out as ReplicaSetStatus;
}

/**
 * calculateStatus: replicas = owned active pods; fullyLabeled = those carrying every template label; ready and
 * available (Ready for more than minReadySeconds at `now`). A failed create/delete sets ReplicaFailure (reason
 * FailedCreate or FailedDelete, by the direction the counts were off) unless it is already set; a sync without
 * error removes it.
 */
export function calculateStatus(rs: KObject, filteredPods: readonly KObject[], manageReplicasErr: string | undefined, now: number): ReplicaSetStatus {
  const old: Record<string, unknown> = { ...(rs.status ?? {}) };
  const templateLabel = selectorFromSet(rs.spec?.template?.metadata?.labels);
  const minReadySeconds: number = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of filteredPods) {
    if (templateLabel.matches(pod.metadata.labels ?? {})) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) available++;
    }
  }
  let conditions: readonly ReplicaSetCondition[] | undefined = rs.status?.conditions;
  const failureCond = getCondition(rs.status, REPLICA_FAILURE);
  if (manageReplicasErr !== undefined && failureCond === undefined) {
    const diff = filteredPods.length - (rs.spec?.replicas ?? 0);
    const reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
    const cond: ReplicaSetCondition = { type: REPLICA_FAILURE, status: "True", lastTransitionTime: timestamp(now), reason, message: manageReplicasErr };
    conditions = [...(conditions ?? []).filter((c) => c.type !== REPLICA_FAILURE), cond];
  } else if (manageReplicasErr === undefined && failureCond !== undefined) {
    conditions = (conditions ?? []).filter((c) => c.type !== REPLICA_FAILURE);
  }
  return normalizeStatus({
    ...old,
    replicas: filteredPods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    conditions,
  });
}

const sameConditions = (a: readonly ReplicaSetCondition[] | undefined, b: readonly ReplicaSetCondition[] | undefined): boolean =>
  JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/** Whether writing `next` would change nothing the controller tracks (updateReplicaSetStatus's steady state). */
export function statusUnchanged(rs: KObject, next: ReplicaSetStatus): boolean {
  const cur: Partial<ReplicaSetStatus> = rs.status ?? {};
  return (
    (cur.replicas ?? 0) === next.replicas &&
    (cur.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (cur.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (cur.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    (rs.metadata.generation ?? 0) === (cur.observedGeneration ?? 0) &&
    sameConditions(cur.conditions, next.conditions)
  );
}

/** The outcome of a status write: the new state, and the object as written or the error. */
export interface StatusUpdateResult {
  readonly state: State;
  /** The object as written (or the cached one when nothing needed writing). */
  readonly updated?: KObject;
  readonly error?: string;
}

/**
 * updateReplicaSetStatus: writes the status through the status subresource with the cached resourceVersion,
 * recording the generation the sync acted on as observedGeneration. A refused write (409 when the cache is
 * stale) is retried once after a fresh GET; a second refusal is returned, and the sync is requeued.
 */
export function updateReplicaSetStatus(
  state: State,
  c: ComponentState,
  rs: KObject,
  newStatus: ReplicaSetStatus,
  flavor: ControllerFlavor,
  log: EffectLog,
): StatusUpdateResult {
  if (statusUnchanged(rs, newStatus)) return { state, updated: rs };
  // Save the generation we acted on, otherwise we might wrongfully indicate that we've seen a spec update
  // when we retry.
  const status = normalizeStatus({ ...newStatus, observedGeneration: rs.metadata.generation ?? 0 });
  const ns = rs.metadata.namespace!;
  const name = rs.metadata.name!;
  let s = state;
  let cur = rs;
  for (let i = 0; ; i++) {
    const r = send(s, c.id, { verb: "update", resource: flavor.resource, namespace: ns, name, subresource: "status", object: { ...cur, status } }, log);
    s = r.state;
    if (!isStatus(r.result)) return { state: s, updated: r.result };
    if (i >= STATUS_UPDATE_RETRIES) return { state: s, error: r.result.message };
    // Update the object with the latest resource version for the next try.
    const g = send(s, c.id, { verb: "get", resource: flavor.resource, namespace: ns, name }, log);
    s = g.state;
    if (isStatus(g.result)) return { state: s, error: g.result.message };
    cur = g.result;
  }
}
