/**
 * Convergence properties (Anvil's eventually stable reconciliation): checked once faults have stopped and the
 * cluster has settled. Each names the desired state a controller must reach.
 */
import type { Invariant, Violation } from "./types.ts";
import type { KObject } from "../model/objects/types.ts";
import { controllerRefOf } from "../model/objects/types.ts";
import { btreeGet, btreeRange } from "../model/collections/btree.ts";
import { runningPodsOn } from "../model/world/running-pods.ts";
import { isMirrorPod } from "../model/world/static-pods.ts";
import { isActivePod, objectsUnder, pods, ref } from "./objects.ts";

const isReady = (p: KObject) => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");
const isUnschedulable = (p: KObject) => (p.status?.conditions ?? []).some((c: any) => c.type === "PodScheduled" && c.status === "False");

/** Every ReplicaSet/RC has exactly spec.replicas ready pods, unless some of its pods cannot be scheduled. */
export const replicasConverged: Invariant = {
  id: "replicas-converged",
  description: "every ReplicaSet and ReplicationController has exactly spec.replicas ready pods when capacity allows",
  kind: "convergence",
  source: "pkg/controller/replicaset/replica_set.go (manageReplicas); Anvil ESR",
  check(state) {
    const out: Violation[] = [];
    const all = pods(state);
    for (const prefix of ["/registry/replicasets/", "/registry/replicationcontrollers/"]) {
      for (const rs of objectsUnder(state, prefix)) {
        if (rs.metadata.deletionTimestamp) continue;
        const mine = all.filter((p) => controllerRefOf(p)?.uid === rs.metadata.uid);
        if (mine.some(isUnschedulable)) continue;
        const ready = mine.filter(isReady).length;
        const want = rs.spec?.replicas ?? 1;
        if (ready !== want) out.push({ invariant: this.id, objects: [ref(rs)], message: `${ref(rs)} has ${ready} ready pods, spec.replicas is ${want}` });
      }
    }
    return out;
  },
};

/** Every Deployment that is not paused has spec.replicas ready pods, all from its newest ReplicaSet. */
export const deploymentsConverged: Invariant = {
  id: "deployments-converged",
  description: "every Deployment (not paused) ends with spec.replicas ready pods, all of the current template",
  kind: "convergence",
  source: "pkg/controller/deployment (syncDeployment, DeploymentComplete)",
  check(state) {
    const out: Violation[] = [];
    const allRS = objectsUnder(state, "/registry/replicasets/");
    const all = pods(state);
    for (const d of objectsUnder(state, "/registry/deployments/")) {
      if (d.spec?.paused || d.metadata.deletionTimestamp) continue;
      const rss = allRS.filter((rs) => controllerRefOf(rs)?.uid === d.metadata.uid);
      const mine = all.filter((p) => rss.some((rs) => controllerRefOf(p)?.uid === rs.metadata.uid));
      if (mine.some(isUnschedulable)) continue;
      const ready = mine.filter(isReady).length;
      const want = d.spec?.replicas ?? 1;
      const extra = rss.filter((rs) => (rs.spec?.replicas ?? 0) > 0).length;
      if (ready !== want || (want > 0 && extra !== 1)) {
        out.push({ invariant: this.id, objects: [ref(d)], message: `${ref(d)} has ${ready} ready pods over ${extra} scaled ReplicaSets, wants ${want} on one` });
      }
    }
    return out;
  },
};

/** What runs on each machine is exactly the API's active pods bound to it. */
export const runtimeMatchesApi: Invariant = {
  id: "runtime-matches-api",
  description: "the pods running on each node are exactly the API's active pods bound to it",
  kind: "convergence",
  source: "pkg/kubelet (HandlePodCleanups, syncPod); kubernetes#131115",
  check(state) {
    const out: Violation[] = [];
    const bound = new Map<string, Map<string, KObject>>();
    for (const p of pods(state)) {
      const n = p.spec?.nodeName;
      if (!n) continue;
      if (!bound.has(n)) bound.set(n, new Map());
      bound.get(n)!.set(p.metadata.uid!, p);
    }
    for (const [name, m] of btreeRange(state.world.machines)) {
      if (!m.up) continue;
      const api = bound.get(name) ?? new Map<string, KObject>();
      for (const r of runningPodsOn(state, name)) {
        // A static pod runs under its config hash; the API shows it as a mirror pod with another uid.
        if (!r.static && !api.has(r.uid)) {
          out.push({ invariant: this.id, objects: [`Pod ${r.namespace}/${r.name}`, `Node ${name}`], message: `node ${name} runs pod ${r.namespace}/${r.name} (uid ${r.uid}) that the API does not have on it` });
        }
      }
      for (const [uid, p] of api) {
        if (isMirrorPod(p)) continue;
        if (isActivePod(p) && !p.metadata.deletionTimestamp && btreeGet(m.pods, uid) === undefined) {
          out.push({ invariant: this.id, objects: [ref(p), `Node ${name}`], message: `${ref(p)} is bound to ${name} but nothing runs it there` });
        }
      }
    }
    return out;
  },
};

/** A deleted namespace is eventually gone, with everything in it. */
export const namespacesGone: Invariant = {
  id: "deleted-namespaces-gone",
  description: "a deleted namespace is gone with all its content",
  kind: "convergence",
  source: "pkg/controller/namespace/deletion/namespaced_resources_deleter.go",
  check(state) {
    const out: Violation[] = [];
    for (const ns of objectsUnder(state, "/registry/namespaces/")) {
      if (ns.metadata.deletionTimestamp) out.push({ invariant: this.id, objects: [ref(ns)], message: `namespace ${ns.metadata.name} is still ${ns.status?.phase} after the cluster settled` });
    }
    return out;
  },
};

/** Every Active namespace has its default ServiceAccount. */
export const serviceAccountsConverged: Invariant = {
  id: "default-serviceaccount-exists",
  description: "every Active namespace has a default ServiceAccount",
  kind: "convergence",
  source: "pkg/controller/serviceaccount/serviceaccounts_controller.go",
  check(state) {
    const out: Violation[] = [];
    const sas = new Set(objectsUnder(state, "/registry/serviceaccounts/").map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
    for (const ns of objectsUnder(state, "/registry/namespaces/")) {
      if (ns.status?.phase === "Active" && !sas.has(`${ns.metadata.name}/default`)) {
        out.push({ invariant: this.id, objects: [ref(ns)], message: `namespace ${ns.metadata.name} has no default ServiceAccount` });
      }
    }
    return out;
  },
};
