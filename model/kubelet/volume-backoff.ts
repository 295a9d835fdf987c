/**
 * The back-off between mount attempts of a pod whose volumes could not be set up: the volume manager's
 * operation executor does not retry a failed operation before its exponential back-off has passed
 * (pkg/util/goroutinemap/exponentialbackoff: 500 ms doubling up to 2 min 2 s — "No retries permitted until
 * ..."). Without it, every sync of a waiting pod (its own status write wakes it again) would repeat the GETs
 * and the FailedMount event. Kept in the kubelet's process memory (lost on restart), per pod key, with the pod
 * uid so that a new pod under the same name starts afresh.
 *
 * The entries live in an optional field of the kubelet's memory (KubeletMemory.mountBackoff) that this module
 * alone reads and writes.
 */
import type { State } from "../state.ts";
import { btreeDelete, btreeEmpty, btreeGet, btreeSet, type BTree } from "../collections/btree.ts";
import { updateMemory, type KubeletComponent, type MountBackoffEntry } from "./memory.ts";

/** initialDurationBeforeRetry and maxDurationBeforeRetry (seconds). */
export const MOUNT_INITIAL_BACKOFF_SECONDS = 0.5;
export const MOUNT_MAX_BACKOFF_SECONDS = 122;

const entriesOf = (c: KubeletComponent): BTree<MountBackoffEntry> => c.memory.mountBackoff ?? btreeEmpty();

/** The pod's entry, if its last mount attempt failed. */
export function mountBackoffOf(c: KubeletComponent, key: string, uid: string): MountBackoffEntry | undefined {
  const e = btreeGet(entriesOf(c), key);
  return e && e.uid === uid ? e : undefined;
}

/** Whether a new mount attempt must wait (the back-off since the last failure has not passed). */
export function inMountBackoff(c: KubeletComponent, key: string, uid: string, now: number): boolean {
  const e = mountBackoffOf(c, key, uid);
  return e !== undefined && now < e.lastFailure + e.backoff;
}

function setEntries(state: State, id: string, f: (t: BTree<MountBackoffEntry>) => BTree<MountBackoffEntry>): State {
  return updateMemory(state, id, (m) => {
    const cur = m.mountBackoff ?? btreeEmpty<MountBackoffEntry>();
    const next = f(cur);
    if (next === cur) return m;
    if (next.size === 0) {
      const { mountBackoff: _gone, ...rest } = m;
      return rest;
    }
    return { ...m, mountBackoff: next };
  });
}

/** A mount attempt failed: the back-off doubles (from 500 ms, at most 2 min 2 s). */
export function recordMountFailure(state: State, c: KubeletComponent, key: string, uid: string, now: number): State {
  const prev = mountBackoffOf(c, key, uid);
  const backoff = prev ? Math.min(prev.backoff * 2, MOUNT_MAX_BACKOFF_SECONDS) : MOUNT_INITIAL_BACKOFF_SECONDS;
  return setEntries(state, c.id, (t) => btreeSet(t, key, { uid, backoff, lastFailure: now }));
}

/** The pod mounted its volumes, or is gone: its entry is dropped. */
export const forgetMountBackoff = (state: State, id: string, key: string): State => setEntries(state, id, (t) => btreeDelete(t, key));
