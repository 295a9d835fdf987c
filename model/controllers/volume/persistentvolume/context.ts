/**
 * What one reconcile of the PV controller carries: the state as its requests change it, the component (its
 * informer caches), its local caches (memory, updated as it writes), the keys it adds to its own queue, the
 * options, and the effect log. The context is local to one reconcile: the reconcile stays pure from the outside.
 */
import type { ComponentState, State } from "../../../state.ts";
import type { KObject } from "../../../objects/types.ts";
import type { EffectLog } from "../../../effects.ts";
import type { ApiRequest } from "../../../apiserver/request.ts";
import { callApi } from "../../../client.ts";
import { isStatus, type Status } from "../../../apiserver/status.ts";
import { recordEvent, type EventInput } from "../../../events/recorder.ts";
import type { PvControllerMemory } from "./local-store.ts";

/** Variants of the controller; the defaults are Kubernetes' (the bug zoo switches them). */
export interface PvControllerOptions {
  /**
   * bind() saves the volume first (claimRef, under the resourceVersion precondition, then phase Bound) and the
   * claim second, putting each saved object into the local cache. False is the binder before kubernetes PR
   * #16432 (openshift/origin#4829): it saves the claim's binding (volumeName, phase Bound) from its volume index
   * and leaves the volume's claimRef to the claim's next sync, so until then the index still shows the volume
   * free and a second claim can be bound to it.
   */
  readonly bindVolumeFirst: boolean;
  /**
   * initializeCaches fills the local caches from the informers before the first sync (pv_controller_base.go).
   * False is the startup of kubernetes#27757 / PR #28002, where initializeCaches failed and the controller
   * started with empty caches.
   */
  readonly initializeCaches: boolean;
  /**
   * syncVolume double-checks a claim missing from the local cache in the informer cache and then the API server
   * before releasing the volume (PR #67062 and its follow-ups). False is the controller of 2016, which trusted its
   * local cache alone.
   */
  readonly doubleCheckClaim: boolean;
}

/** Kubernetes as it is today. */
export const DEFAULT_PV_CONTROLLER_OPTIONS: PvControllerOptions = { bindVolumeFirst: true, initializeCaches: true, doubleCheckClaim: true };

/** The mutable context of one reconcile. */
export interface PvSyncContext {
  state: State;
  /** The component as reconcile received it (informer caches; its key already popped). */
  readonly c: ComponentState;
  /** The local caches as this reconcile has updated them. */
  memory: PvControllerMemory;
  /** Keys to add to the controller's own queue (claimQueue.Add / volumeQueue.Add) when the reconcile ends. */
  readonly enqueue: string[];
  readonly opts: PvControllerOptions;
  readonly log: EffectLog;
}

/**
 * An error that ends the sync, as Go's `return err`: an API error (with its Status) or a change the PV chart
 * refuses. The PV controller's workers do not requeue on error: the next periodic sync tries again.
 */
export class PvSyncError extends Error {
  constructor(
    message: string,
    readonly status?: Status,
  ) {
    super(message);
    this.name = "PvSyncError";
  }
}

/** Sends a request as the controller; returns the object, or throws PvSyncError with the Status. */
export function call(ctx: PvSyncContext, req: ApiRequest): KObject {
  const r = callApi(ctx, req);
  if (isStatus(r)) throw new PvSyncError(r.message, r);
  return r;
}

/** Sends a request and returns the object or the Status (for the callers that look at NotFound). */
export function callOrStatus(ctx: PvSyncContext, req: ApiRequest): KObject | Status {
  return callApi(ctx, req);
}

/** eventRecorder.Event: best effort. */
export function event(ctx: PvSyncContext, obj: KObject, ev: EventInput): void {
  ctx.state = recordEvent(ctx.state, ctx.c.id, obj, ev, ctx.log);
}
