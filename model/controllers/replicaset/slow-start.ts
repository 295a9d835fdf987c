/**
 * Slow-start batching of pod creates. Follows pkg/controller/replicaset/replica_set.go (slowStartBatch) and
 * pkg/controller/controller_utils.go (SlowStartInitialBatchSize).
 *
 * Why: a ReplicaSet that cannot create pods (quota exhausted, admission refusing) would otherwise send hundreds
 * of doomed requests and record as many events per sync. Batches of 1, 2, 4, … stop after the first batch with
 * a failure. In Kubernetes the calls of one batch run concurrently, so every call of a failing batch is still
 * made; here they run one after the other, and every call of the batch is made too.
 */

/** SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/** The batch sizes slowStartBatch uses for `count` calls when every call succeeds: 1, 2, 4, … then the rest. */
export function slowStartBatchSizes(count: number, initialBatchSize = SLOW_START_INITIAL_BATCH_SIZE): number[] {
  const sizes: number[] = [];
  let remaining = count;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    sizes.push(batch);
    remaining -= batch;
  }
  return sizes;
}

/** The outcome of one call: the threaded value and, for a failed call, its error message. */
export interface BatchCall<S> {
  readonly value: S;
  readonly error?: string;
}

/** The outcome of slowStartBatch: the threaded value, how many calls succeeded, and the first error. */
export interface SlowStartResult<S> {
  readonly value: S;
  /** Calls that succeeded. */
  readonly successes: number;
  /** The first error of the first failing batch. */
  readonly error?: string;
}

/**
 * Calls `fn` up to `count` times in batches that double after each fully successful batch; after a batch with a
 * failure, the remaining batches are skipped. `value` is threaded through the calls (the cluster state).
 */
export function slowStartBatch<S>(count: number, initialBatchSize: number, value: S, fn: (value: S) => BatchCall<S>): SlowStartResult<S> {
  let remaining = count;
  let successes = 0;
  let v = value;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let firstError: string | undefined;
    for (let i = 0; i < batch; i++) {
      const r = fn(v);
      v = r.value;
      if (r.error === undefined) successes++;
      else firstError ??= r.error;
    }
    if (firstError !== undefined) return { value: v, successes, error: firstError };
    remaining -= batch;
  }
  return { value: v, successes };
}
