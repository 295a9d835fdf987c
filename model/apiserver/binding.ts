/**
 * The pods/binding subresource: how the scheduler assigns a pod to a node. Follows
 * pkg/registry/core/pod/storage/storage.go (BindingREST.Create, assignPod, setPodNodeAndMetadata): the pod must
 * exist, must not be being deleted, and must not already be on a node (409 Conflict otherwise); binding sets
 * spec.nodeName and the PodScheduled=True condition in one write.
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { timestamp } from "../clock.ts";
import { BUILTIN_BY_ID } from "./resources.ts";
import { existing, qualified, target } from "./common.ts";
import type { ApiResult } from "./create.ts";
import { OPTIMISTIC_LOCK_MSG, badRequest, conflict, isStatus, notFound } from "./status.ts";
import { writeObject } from "./write.ts";

const PODS = BUILTIN_BY_ID.get("pods")!;

export function bind(state: State, namespace: string | undefined, name: string, binding: KObject): ApiResult {
  const t = target(state, "pods", namespace);
  if (isStatus(t)) return { state, result: t };
  const node = (binding as any)?.target?.name;
  if (typeof node !== "string" || node === "") return { state, result: badRequest("a Binding needs target.name (the node)") };
  const kv = existing(state, PODS, t.namespace, name);
  if (!kv) return { state, result: notFound(qualified(PODS), name) };
  const pod = kv.value;
  const uid = binding.metadata?.uid;
  if (uid && uid !== pod.metadata.uid) return { state, result: conflict(qualified(PODS), name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid}`) };
  if (pod.metadata.deletionTimestamp) {
    return { state, result: conflict(qualified(PODS), name, `pod ${name} is being deleted, cannot be assigned to a host`) };
  }
  if (pod.spec?.nodeName) {
    return { state, result: conflict(qualified(PODS), name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`) };
  }
  const now = timestamp(state.clock.now);
  const conditions = [...(pod.status?.conditions ?? []).filter((c: any) => c.type !== "PodScheduled"), { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: now }];
  const next: KObject = { ...pod, spec: { ...pod.spec, nodeName: node }, status: { ...(pod.status ?? {}), conditions } };
  const w = writeObject(state, PODS, next, kv.modRevision);
  if (!w.ok) return { state, result: conflict(qualified(PODS), name, OPTIMISTIC_LOCK_MSG) };
  return { state: w.state, result: w.object };
}
