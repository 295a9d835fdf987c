/**
 * Deployment rollouts respect maxSurge and maxUnavailable (pkg/controller/deployment/rolling.go): the replicas
 * of all of a Deployment's ReplicaSets never exceed replicas + maxSurge once the controller has observed the
 * spec, and, in a run without disruptions, the available pods never drop below replicas - maxUnavailable once
 * they have been at or above it.
 */
import type { Invariant, Violation } from "./types.ts";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import { controllerRefOf } from "../model/objects/types.ts";
import { eventsSince, objectsUnder, ref } from "./objects.ts";
import { resolveFenceposts } from "../model/controllers/deployment/fenceposts.ts";

function fenceposts(d: KObject): { surge: number; unavailable: number } | undefined {
  if (d.spec?.strategy?.type !== "RollingUpdate") return undefined;
  try {
    return resolveFenceposts(d.spec.strategy.rollingUpdate?.maxSurge, d.spec.strategy.rollingUpdate?.maxUnavailable, d.spec.replicas ?? 1);
  } catch {
    return undefined;
  }
}

function ownedBy(list: KObject[], uid: string | undefined): KObject[] {
  return list.filter((o) => controllerRefOf(o)?.uid === uid);
}

const ROLLOUT_PREFIXES = ["/registry/deployments/", "/registry/replicasets/"];
const isRolloutKey = (key: string) => ROLLOUT_PREFIXES.some((x) => key.startsWith(x));

/**
 * Whether the last step wrote a Deployment or ReplicaSet: the only writes the surge bound reads, so a step without
 * one (most steps: pods, leases, node status, events) is not checked again.
 */
function rolloutWritten(state: State, prev: State | undefined): boolean {
  if (!prev) return true;
  return eventsSince(state, prev).some((ev) => isRolloutKey(ev.kv.key));
}

/**
 * Whether the last step may have changed a Deployment's available pods: a Deployment or ReplicaSet write, or a
 * write of a pod that is ready before or after it (a pending pod's status write, the bulk of a large rollout's
 * steps, changes no count).
 */
function availabilityWritten(state: State, prev: State | undefined): boolean {
  if (!prev) return true;
  return eventsSince(state, prev).some(
    (ev) => isRolloutKey(ev.kv.key) || (ev.kv.key.startsWith("/registry/pods/") && (isReady(ev.kv.value) || (ev.prevKv !== undefined && isReady(ev.prevKv.value)))),
  );
}

const isReady = (p: KObject) => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");

/** Available (ready, not terminating) pods of a Deployment, through its ReplicaSets. */
export function availablePodsOf(state: State, d: KObject): number {
  const ns = d.metadata.namespace!;
  const rss = ownedBy(objectsUnder(state, `/registry/replicasets/${ns}/`), d.metadata.uid);
  const pods = objectsUnder(state, `/registry/pods/${ns}/`);
  return rss.reduce((n, rs) => n + ownedBy(pods, rs.metadata.uid).filter(isReady).length, 0);
}

export const rolloutSurgeBound: Invariant = {
  id: "rollout-max-surge",
  description: "a Deployment's ReplicaSets ask for at most replicas + maxSurge pods once the controller observed the spec",
  kind: "safety",
  source: "pkg/controller/deployment/rolling.go (reconcileNewReplicaSet), util/deployment_util.go (NewRSNewReplicas)",
  check(state, prev) {
    if (!rolloutWritten(state, prev)) return [];
    const out: Violation[] = [];
    const allRS = objectsUnder(state, "/registry/replicasets/");
    for (const d of objectsUnder(state, "/registry/deployments/")) {
      const f = fenceposts(d);
      if (!f || d.spec?.paused || (d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) continue;
      const sum = ownedBy(allRS, d.metadata.uid).reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
      const max = (d.spec.replicas ?? 1) + f.surge;
      if (sum > max) out.push({ invariant: this.id, objects: [ref(d)], message: `${ref(d)}'s ReplicaSets ask for ${sum} pods, more than replicas + maxSurge = ${max}` });
    }
    return out;
  },
};

export const rolloutUnavailableBound: Invariant = {
  id: "rollout-max-unavailable",
  description: "without disruptions, a Deployment's available pods never fall below replicas - maxUnavailable once reached",
  kind: "safety",
  source: "pkg/controller/deployment/rolling.go (reconcileOldReplicaSets: minAvailable)",
  check(state, prev, ctx) {
    if (!prev || (ctx && ctx.disruptions > 0) || !availabilityWritten(state, prev)) return [];
    const out: Violation[] = [];
    const before = new Map(objectsUnder(prev, "/registry/deployments/").map((d) => [d.metadata.uid, d]));
    for (const d of objectsUnder(state, "/registry/deployments/")) {
      const f = fenceposts(d);
      const p = before.get(d.metadata.uid);
      if (!f || !p || (p.spec?.replicas ?? 1) !== (d.spec?.replicas ?? 1)) continue;
      const min = (d.spec.replicas ?? 1) - f.unavailable;
      const was = availablePodsOf(prev, p);
      const now = availablePodsOf(state, d);
      if (was >= min && now < min) {
        out.push({ invariant: this.id, objects: [ref(d)], message: `${ref(d)} has ${now} available pods, below replicas - maxUnavailable = ${min} (it had ${was})` });
      }
    }
    return out;
  },
};
