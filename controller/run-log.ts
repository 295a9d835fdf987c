/**
 * A user controller's reconcile in flight, as data (it lives in the component's memory, so it is fingerprinted,
 * traced and dropped by a restart): the key, and every interaction the run had, in order, with the answer it got.
 * Re-running the reconcile with these answers brings it back to where it was (controller/worker.mjs).
 */
import type { Bucket } from "./backoff.ts";

/** What a request was answered: the object (or list, or Status of a delete), or the failure's code and Status. */
export type Answer = { readonly ok: unknown } | { readonly error: { readonly code: number; readonly body: unknown } };

export type Interaction =
  | { readonly call: "api"; readonly method: string; readonly args: readonly unknown[]; readonly answer: Answer }
  | { readonly call: "cache"; readonly method: string; readonly args: readonly unknown[]; readonly answer: unknown };

/** What one step of a run came to (the worker's message). */
export type StepOutcome =
  | {
      readonly type: "api";
      readonly method: string;
      readonly args: readonly unknown[];
      /**
       * A request of a pure reconciler (controller/reconciler.ts), and whether it is its last: nothing of the run
       * is left to execute after the last request's answer or a failure's, so the step that makes it ends the run.
       */
      readonly pure?: { readonly last: boolean };
    }
  | { readonly type: "done"; readonly memory: Record<string, unknown> }
  | { readonly type: "error"; readonly message: string; readonly load?: boolean }
  | { readonly type: "stuck"; readonly message?: string }
  | { readonly type: "diverged"; readonly index: number; readonly expected: string; readonly got: string };

/** A reconcile in flight. */
export interface Run {
  readonly key: string;
  readonly log: readonly Interaction[];
  /** The memory the run started from (re-executions start from it; the run's changes are kept when it ends). */
  readonly memory: Record<string, unknown>;
  /** Set when the run can go no further (it awaits something that is not the client, or loops): a stuck worker. */
  readonly stuck?: string;
}

/** A user controller component's memory. */
export interface ControllerMemory {
  /** The controller's own in-memory state (ReconcileContext.memory), lost on restart. */
  readonly memory: Record<string, unknown>;
  readonly run: Run | null;
  /**
   * The work queue's rate limiter: how many times in a row each key's reconcile failed (controller-runtime's
   * default, ItemExponentialFailureRateLimiter: the next retry waits 5 ms · 2^failures, at most 1000 s). Forgotten
   * when the key's reconcile succeeds, and on a restart.
   */
  readonly failures: Readonly<Record<string, number>>;
  /** The work queue's overall 10 qps bucket (controller/backoff.ts), taken from by every requeue; full at start. */
  readonly bucket?: Bucket;
}

export const initialControllerMemory = (): ControllerMemory => ({ memory: {}, run: null, failures: {} });
