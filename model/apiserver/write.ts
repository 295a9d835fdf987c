/**
 * Writing an object to etcd the way the generic registry does (k8s.io/apiserver/pkg/storage/etcd3/store.go):
 * a compare-and-swap on the key's mod revision, with the object's resourceVersion set to the revision the write
 * gets, so reads return stored objects without copying.
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { storeDelete, storePut } from "../store/store.ts";
import { recordPodWrite } from "./pod-node-index.ts";
import { storageKey, type ResourceInfo } from "./resources.ts";
import { withResourceVersion } from "./common.ts";

export type WriteOutcome = { ok: true; state: State; object: KObject } | { ok: false };

/** Records a pod write in the API server's pod-by-node index (model/apiserver/pod-node-index.ts). */
function touchPodNodes(state: State, info: ResourceInfo, key: string, before: KObject | undefined, after: KObject | undefined): State {
  if (info.kind !== "Pod") return state;
  return recordPodWrite(state, key, before, after);
}

/** Puts obj if the key's mod revision is still expectRev (0 = must not exist). */
export function writeObject(state: State, info: ResourceInfo, obj: KObject, expectRev: number): WriteOutcome {
  const key = storageKey(info, obj.metadata.namespace, obj.metadata.name!);
  const stored = withResourceVersion(obj, state.store.revision + 1);
  const r = storePut(state.store, key, stored, { ifModRevision: expectRev });
  if (!r.ok) return { ok: false };
  return { ok: true, state: touchPodNodes({ ...state, store: r.store }, info, key, r.prevKv?.value, stored), object: stored };
}

/** Deletes the object if the key's mod revision is still expectRev; returns the object as deleted. */
export function removeObject(state: State, info: ResourceInfo, obj: KObject, expectRev: number): WriteOutcome {
  const key = storageKey(info, obj.metadata.namespace, obj.metadata.name!);
  const r = storeDelete(state.store, key, { ifModRevision: expectRev });
  if (!r.ok) return { ok: false };
  return { ok: true, state: touchPodNodes({ ...state, store: r.store }, info, key, r.prevKv?.value, undefined), object: withResourceVersion(obj, r.store.revision) };
}
