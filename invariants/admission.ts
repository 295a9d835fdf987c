/**
 * Bounded replacement of pods the kubelet rejects at admission (kubernetes#42433 and its many duplicates:
 * #38806, #89007, #106419, #108152). A ReplicaSet ignores Failed pods and creates a replacement at once, without
 * back-off; when the kubelet keeps rejecting what the scheduler places, the two loop forever and the Failed pods
 * pile up (thousands per hour in the reports).
 *
 * Kubernetes allows single rejections: the scheduler and the kubelet race (a static pod whose mirror pod is not
 * there yet, a force-deleted pod still running), and each race costs the controller one pod. So the property
 * is not "no rejection" but "no hot loop": a controller never has more pods rejected at admission than twice
 * its replicas (at least 2).
 */
import type { Invariant, Violation } from "./types.ts";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import { controllerRefOf } from "../model/objects/types.ts";
import { btreeGet, btreePrefix } from "../model/collections/btree.ts";
import { BUILTIN_BY_ID, storageKey } from "../model/apiserver/resources.ts";
import { isRejectedAtAdmission } from "../model/kubelet/admit.ts";
import { eventsSince, ref } from "./objects.ts";

/** The pods of `namespace` whose controller is `uid` and that the kubelet rejected at admission. */
function rejectedPodsOf(state: State, namespace: string, uid: string): KObject[] {
  const out: KObject[] = [];
  for (const [, kv] of btreePrefix(state.store.kvs, `/registry/pods/${namespace}/`)) {
    if (controllerRefOf(kv.value)?.uid === uid && isRejectedAtAdmission(kv.value)) out.push(kv.value);
  }
  return out;
}

const CONTROLLER_RESOURCES: Readonly<Record<string, string>> = { ReplicaSet: "replicasets.apps", ReplicationController: "replicationcontrollers" };

/** The controller object named by an owner reference, if it still exists with that uid. */
function ownerOf(state: State, namespace: string, kind: string, name: string, uid: string): KObject | undefined {
  const info = CONTROLLER_RESOURCES[kind] ? BUILTIN_BY_ID.get(CONTROLLER_RESOURCES[kind]!) : undefined;
  const kv = info ? btreeGet(state.store.kvs, storageKey(info, namespace, name)) : undefined;
  return kv?.value.metadata.uid === uid ? kv.value : undefined;
}

/** A controller's pods are not rejected at admission over and over (no kubelet/controller hot loop). */
export const admissionRejectionsBounded: Invariant = {
  id: "admission-rejections-bounded",
  description: "no controller has more pods rejected by kubelet admission (OutOfcpu, OutOfpods, ...) than twice its replicas (at least 2): no endless replacement",
  kind: "safety",
  source: "kubernetes#42433 (pods rejected OutOfcpu and replaced endlessly); pkg/kubelet/lifecycle/predicate.go; pkg/controller/replicaset/replica_set.go (Failed pods are not counted)",
  check(state, prev) {
    const owners = new Map<string, { namespace: string; kind: string; name: string }>();
    for (const ev of eventsSince(state, prev)) {
      if (ev.type !== "PUT" || !ev.kv.key.startsWith("/registry/pods/")) continue;
      const pod = ev.kv.value;
      if (!isRejectedAtAdmission(pod) || (ev.prevKv && isRejectedAtAdmission(ev.prevKv.value))) continue;
      const owner = controllerRefOf(pod);
      if (owner) owners.set(owner.uid, { namespace: pod.metadata.namespace!, kind: owner.kind, name: owner.name });
    }
    const out: Violation[] = [];
    for (const [uid, o] of owners) {
      const rejected = rejectedPodsOf(state, o.namespace, uid);
      const controller = ownerOf(state, o.namespace, o.kind, o.name, uid);
      const replicas: number = controller?.spec?.replicas ?? 1;
      const bound = Math.max(2, 2 * replicas);
      if (rejected.length <= bound) continue;
      const who = controller ? ref(controller) : `${o.kind} ${o.namespace}/${o.name}`;
      out.push({
        invariant: this.id,
        objects: [who, ...rejected.map(ref)],
        message: `${rejected.length} pods of ${who} were rejected by kubelet admission (last: ${rejected[rejected.length - 1]!.status?.reason}), more than ${bound}: it keeps replacing pods the kubelet rejects`,
      });
    }
    return out;
  },
};
