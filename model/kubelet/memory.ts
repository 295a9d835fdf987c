/**
 * The kubelet's local memory: what lives only in the process and is lost when it restarts (container restart
 * back-off, pkg/kubelet/kubelet.go's flowcontrol.Backoff; and the keys the status manager must sync again).
 */
import type { ComponentState, State } from "../state.ts";
import { btreeDelete, btreeEmpty, btreeSet, type BTree } from "../collections/btree.ts";
import { updateComponent } from "../components/update.ts";

/** One container's back-off record (client-go util/flowcontrol backoffEntry): the window and when it was set. */
export interface BackoffEntry {
  /** Current back-off window in seconds. */
  readonly backoff: number;
  /** Logical time of the last Next(). */
  readonly lastUpdate: number;
}

/** One pod's mount back-off (volume-backoff.ts). */
export interface MountBackoffEntry {
  readonly uid: string;
  /** Seconds to wait after lastFailure. */
  readonly backoff: number;
  readonly lastFailure: number;
}

/** What a kubelet process remembers between syncs. */
export interface KubeletMemory {
  /** Back-off entries by "<pod uid>/<container>" (getStableKey in kuberuntime_manager.go). */
  readonly backoff: BTree<BackoffEntry>;
  /**
   * Pod keys whose last sync could not finish (a status write refused, a sandbox not created, a mirror pod not
   * created): housekeeping enqueues them again, as the status manager's periodic syncBatch retries.
   */
  readonly retry: BTree<true>;
  /** Mount back-off entries by pod key: volume-backoff.ts alone reads and writes them; absent when there are none. */
  readonly mountBackoff?: BTree<MountBackoffEntry>;
}

/** A kubelet component, its memory typed. */
export type KubeletComponent = ComponentState<KubeletMemory>;

/** Memory of a fresh (or restarted) kubelet. */
export const initialKubeletMemory = (): KubeletMemory => ({ backoff: btreeEmpty(), retry: btreeEmpty() });

/** The state with the kubelet's memory replaced by f(memory). */
export function updateMemory(state: State, id: string, f: (m: KubeletMemory) => KubeletMemory): State {
  return updateComponent<KubeletMemory>(state, id, (cur) => {
    const m = cur.memory;
    const next = f(m);
    return next === m ? cur : { ...cur, memory: next };
  });
}

/** Marks (or clears) a pod key for another sync at the next housekeeping. */
export function markRetry(state: State, id: string, key: string, retry: boolean): State {
  return updateMemory(state, id, (m) => {
    const next = retry ? btreeSet(m.retry, key, true as const) : btreeDelete(m.retry, key);
    return next === m.retry ? m : { ...m, retry: next };
  });
}

/** Back-off key of a container (getStableKey: pod identity plus container name). */
export const backoffKey = (podUid: string, container: string): string => `${podUid}/${container}`;
