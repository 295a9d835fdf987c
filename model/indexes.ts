/**
 * Every derived index of a state, in one place. There are two fields, each literally named `indexes`:
 * - `State.indexes`: the API server's pod-by-node log and pods (apiserver/pod-node-index.ts, the watch cache's
 *   indexed trigger for spec.nodeName, staging/src/k8s.io/apiserver/pkg/storage/cacher);
 * - `StoreState.indexes`: the store's log by bucket and by key (store/log-indexes.ts), kept inside the store so
 *   that the etcd model stays a module of its own.
 * Each is a function of the store alone, kept only so that reads need not scan it. So a state's identity never
 * includes them (properties/fingerprint.ts drops both fields whole), and properties/indexes.prop.test.ts checks,
 * after every step of every scope's runs, that they equal what rebuildIndexes computes (a TypeOK invariant).
 * A new index goes into one of these fields with its rebuild here; anything else is part of the state's identity.
 */
import type { Indexes, State } from "./state.ts";
import type { KObject } from "./objects/types.ts";
import { rebuildStoreIndexes, type StoreIndexes, type StoreState } from "./store/store.ts";
import { rebuildPodNodeIndexes } from "./apiserver/pod-node-index.ts";

export interface DerivedIndexes {
  readonly state: Indexes;
  readonly store: StoreIndexes<KObject>;
}

/** The indexes a state holds. */
export const indexesOf = (s: State): DerivedIndexes => ({ state: s.indexes, store: s.store.indexes });

/** The indexes computed from the store alone (its key-values and its log as compaction left it). */
export function rebuildIndexes(store: StoreState<KObject>): DerivedIndexes {
  return { state: rebuildPodNodeIndexes(store), store: rebuildStoreIndexes(store.log) };
}
