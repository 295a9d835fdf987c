/**
 * Pod condition updates the node controllers write: Ready=False for pods on a node that stopped reporting, and
 * the DisruptionTarget condition before a taint eviction. Follows pkg/api/v1/pod/util.go (UpdatePodCondition)
 * and pkg/controller/util/node/controller_utils.go (MarkPodsNotReady).
 */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { EffectLog } from "../../effects.ts";
import { timestamp } from "../../clock.ts";
import { send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";
import { recordEvent } from "../../events/recorder.ts";

export interface PodCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastProbeTime?: string | null;
  readonly lastTransitionTime?: string;
}

/**
 * UpdatePodCondition: sets `cond` in the list (its lastTransitionTime is now, kept when the status does not
 * change) and says whether anything changed.
 */
export function updatePodCondition(conditions: readonly PodCondition[], cond: PodCondition, now: number): { conditions: PodCondition[]; changed: boolean } {
  const next: PodCondition = { ...cond, lastTransitionTime: timestamp(now) };
  const i = conditions.findIndex((c) => c.type === cond.type);
  if (i < 0) return { conditions: [...conditions, next], changed: true };
  const old = conditions[i]!;
  let merged: PodCondition = next;
  if (cond.status === old.status) {
    const { lastTransitionTime: _t, ...rest } = next;
    merged = old.lastTransitionTime === undefined ? rest : { ...rest, lastTransitionTime: old.lastTransitionTime };
  }
  const equal =
    merged.status === old.status &&
    (merged.reason ?? "") === (old.reason ?? "") &&
    (merged.message ?? "") === (old.message ?? "") &&
    (merged.lastProbeTime ?? null) === (old.lastProbeTime ?? null) &&
    merged.lastTransitionTime === old.lastTransitionTime;
  const out = [...conditions];
  out[i] = merged;
  return { conditions: out, changed: !equal };
}

/**
 * MarkPodsNotReady: for each pod on `nodeName` with a Ready condition, set it False with an UpdateStatus of the
 * (cached) pod, so a stale cache costs a 409 and a retry on the next pass; a pod already gone is skipped. The
 * NodeNotReady event is recorded after the write, so that it is only about pods that still exist. Returns
 * whether every write succeeded, and whether the failures were all conflicts (worth retrying at once: the
 * cache will catch up).
 */
export function markPodsNotReady(
  state: State,
  client: string,
  pods: readonly KObject[],
  nodeName: string,
  log: EffectLog,
): { state: State; ok: boolean; onlyConflicts: boolean } {
  let s = state;
  let ok = true;
  let onlyConflicts = true;
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName) continue; // defensive check, as upstream
    const conditions: PodCondition[] = pod.status?.conditions ?? [];
    const ready = conditions.find((c) => c.type === "Ready");
    if (!ready) continue;
    const u = updatePodCondition(conditions, { ...ready, status: "False" }, s.clock.now);
    if (!u.changed) continue;
    const next: KObject = { ...pod, status: { ...(pod.status ?? {}), conditions: u.conditions } };
    const r = send(s, client, { verb: "update", resource: "pods", namespace: pod.metadata.namespace!, name: pod.metadata.name!, object: next, subresource: "status" }, log);
    if (isStatus(r.result)) {
      if (r.result.code === 404) continue; // the pod was already deleted: nothing left to do
      ok = false;
      if (r.result.code !== 409) onlyConflicts = false;
    } else s = r.state;
    s = recordEvent(s, client, isStatus(r.result) ? pod : r.result, { type: "Warning", reason: "NodeNotReady", message: "Node is not ready" }, log);
  }
  return { state: s, ok, onlyConflicts };
}
