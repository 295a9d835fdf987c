/**
 * Reading API objects for invariants: invariants see the whole truth (the store), not a component's cache. The
 * scopes (properties/scopes) pick their user actions from the same listing.
 */
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import { btreePrefix, btreeRange } from "../model/collections/btree.ts";
import { revKey, type StoreEvent } from "../model/store/store.ts";

/** Every stored object of a resource prefix ("/registry/pods/"). */
export function objectsUnder(state: State, prefix: string): KObject[] {
  const out: KObject[] = [];
  for (const [, kv] of btreePrefix(state.store.kvs, prefix)) out.push(kv.value);
  return out;
}

export const pods = (s: State) => objectsUnder(s, "/registry/pods/");
export const nodes = (s: State) => objectsUnder(s, "/registry/nodes/");

/** The store events of the last step (revisions after prev's): invariants about changes read only these. */
export function eventsSince(state: State, prev: State | undefined): StoreEvent<KObject>[] {
  if (!prev) return [];
  const out: StoreEvent<KObject>[] = [];
  for (const [, ev] of btreeRange(state.store.log, revKey(prev.store.revision + 1))) out.push(ev);
  return out;
}

/** "Kind ns/name" for messages. */
export const ref = (o: KObject): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;

/** A pod that still holds its node's resources (kube-scheduler's view: not Succeeded/Failed). */
export const isActivePod = (p: KObject): boolean => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed";
