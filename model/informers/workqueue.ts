/**
 * A component's work queue of keys, as client-go's workqueue (util/workqueue/queue.go): FIFO, and a key that is
 * already waiting is not added twice ("dirty" set), so a burst of events for one object becomes one reconcile.
 * Persistent: sequence-ordered entries in a B-tree plus a key index, so add and pop are O(log n) even with
 * 150,000 pods queued.
 */
import { btreeDelete, btreeEmpty, btreeFirst, btreeGet, btreeSet, type BTree } from "../collections/btree.ts";

export interface WorkQueue {
  /** Waiting keys by zero-padded sequence number. */
  readonly order: BTree<string>;
  /** Waiting keys to their sequence key (the dirty set). */
  readonly index: BTree<string>;
  /** Next sequence number. */
  readonly seq: number;
  /**
   * The rate limiter's failures per key (rate-limiter.ts): how many times in a row the key's sync failed. Absent
   * when no key has failed (most queues, most of the time).
   */
  readonly failures?: BTree<number>;
}

export function queueEmpty(): WorkQueue {
  return { order: btreeEmpty(), index: btreeEmpty(), seq: 0 };
}

const seqKey = (n: number) => String(n).padStart(12, "0");

/** Adds key at the back unless it is already waiting (workqueue.Add). */
export function queueAdd(q: WorkQueue, key: string): WorkQueue {
  if (btreeGet(q.index, key) !== undefined) return q;
  const sk = seqKey(q.seq);
  return { ...q, order: btreeSet(q.order, sk, key), index: btreeSet(q.index, key, sk), seq: q.seq + 1 };
}

/** Adds every key (in order). */
export function queueAddAll(q: WorkQueue, keys: Iterable<string>): WorkQueue {
  let out = q;
  for (const k of keys) out = queueAdd(out, k);
  return out;
}

/** The key at the front, or undefined when the queue is empty. */
export function queuePeek(q: WorkQueue): string | undefined {
  return btreeFirst(q.order)?.[1];
}

/** Removes the front key (workqueue.Get followed by Done). */
export function queuePop(q: WorkQueue): { key: string | undefined; queue: WorkQueue } {
  const first = btreeFirst(q.order);
  if (!first) return { key: undefined, queue: q };
  return { key: first[1], queue: { ...q, order: btreeDelete(q.order, first[0]), index: btreeDelete(q.index, first[1]) } };
}

/** Number of waiting keys. */
export const queueLength = (q: WorkQueue): number => q.order.size;

/** Whether key is waiting. */
export const queueHas = (q: WorkQueue, key: string): boolean => btreeGet(q.index, key) !== undefined;
