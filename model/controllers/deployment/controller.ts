/**
 * The Deployment controller as a component: its informers (deployments, ReplicaSets, pods), event handlers, sync
 * handler and error handling.
 *
 * Follows pkg/controller/deployment/deployment_controller.go (NewDeploymentController, Run, processNextWorkItem,
 * handleErr, maxRetries). Kind "deployment-controller", id "kube-controller-manager/deployment".
 */
import type { ComponentBehavior, ReconcileResult } from "../../components/behavior.ts";
import { componentAt, type ComponentState, type State } from "../../state.ts";
import type { EffectLog } from "../../effects.ts";
import { updateComponent } from "../../components/update.ts";
import { DEFAULT_DEPLOYMENT_CONTROLLER_OPTIONS, SyncError, type DeploymentControllerOptions, type SyncContext } from "./context.ts";
import { deploymentKeysFor } from "./event-handlers.ts";
import { syncDeployment } from "./sync.ts";
import type { DeploymentV } from "./types.ts";

/** ComponentBehavior.kind of the Deployment controller. */
export const DEPLOYMENT_CONTROLLER_KIND = "deployment-controller";
/** The component id bootstrap gives it. */
export const DEPLOYMENT_CONTROLLER_ID = "kube-controller-manager/deployment";

/**
 * maxRetries: a key that keeps failing is retried this many times and then dropped (until the next event or
 * resync brings it back), so that a permanent error does not keep a worker busy forever.
 */
export const MAX_RETRIES = 15;

/** The controller's local memory: the work queue's per-key retry counts (NumRequeues), lost on restart. */
export interface DeploymentControllerMemory {
  readonly retries: Readonly<Record<string, number>>;
}

const initialMemory = (): DeploymentControllerMemory => ({ retries: {} });

/** A Deployment controller component, its memory typed. */
type DeploymentControllerComponent = ComponentState<DeploymentControllerMemory>;

/**
 * The memory of a Deployment controller component. (The fallback predates typed memory: initialMemory never
 * gives null, so it is not reached; it is kept so that nothing changes.)
 */
export function deploymentControllerMemory(c: DeploymentControllerComponent): DeploymentControllerMemory {
  return c.memory ?? initialMemory();
}

function setRetries(state: State, id: string, key: string, n: number | undefined): State {
  return updateComponent<DeploymentControllerMemory>(state, id, (cur) => {
    const mem = deploymentControllerMemory(cur);
    if (mem.retries[key] === n) return cur;
    const retries = { ...mem.retries };
    if (n === undefined) delete retries[key];
    else retries[key] = n;
    return { ...cur, memory: { ...mem, retries } };
  });
}

/**
 * Runs syncDeployment for one key, then handleErr: success forgets the key's retries; an error requeues it
 * (AddRateLimited; the model requeues at once, and settle lets informers catch up first) until MAX_RETRIES,
 * then drops it; a terminating namespace's refusal is dropped at once.
 */
function reconcileDeployment(state: State, c: DeploymentControllerComponent, key: string, opts: DeploymentControllerOptions, log: EffectLog): ReconcileResult {
  const ctx: SyncContext = { state, c, log, opts, key, d: {} as DeploymentV };
  let error: SyncError | undefined;
  try {
    syncDeployment(ctx);
  } catch (e) {
    if (!(e instanceof SyncError)) throw e;
    error = e;
  }
  if (error === undefined || error.forget) return { state: setRetries(ctx.state, c.id, key, undefined) };
  const current = componentAt<DeploymentControllerMemory>(ctx.state, c.id);
  const n = current ? (deploymentControllerMemory(current).retries[key] ?? 0) : 0;
  if (n >= MAX_RETRIES) return { state: setRetries(ctx.state, c.id, key, undefined) };
  return { state: setRetries(ctx.state, c.id, key, n + 1), requeue: true };
}

/** Options of {@link makeDeploymentBehavior}. */
export type DeploymentBehaviorOptions = Partial<DeploymentControllerOptions> & {
  /** ComponentBehavior.kind to register under (default "deployment-controller"). */
  readonly kind?: string;
};

/** A Deployment controller behaviour; the default options are Kubernetes' behaviour. */
export function makeDeploymentBehavior(options: DeploymentBehaviorOptions = {}): ComponentBehavior<DeploymentControllerMemory> {
  const opts: DeploymentControllerOptions = {
    saturatedIgnoresAvailability: options.saturatedIgnoresAvailability ?? DEFAULT_DEPLOYMENT_CONTROLLER_OPTIONS.saturatedIgnoresAvailability,
    gates: options.gates ?? DEFAULT_DEPLOYMENT_CONTROLLER_OPTIONS.gates,
  };
  return {
    kind: options.kind ?? DEPLOYMENT_CONTROLLER_KIND,
    source: "pkg/controller/deployment/deployment_controller.go",
    // Run waits for all three caches (WaitForNamedCacheSync) before starting workers.
    watches: () => [{ resource: "deployments.apps" }, { resource: "replicasets.apps" }, { resource: "pods" }],
    keysFor: deploymentKeysFor,
    reconcile: (state, c, key, log) => reconcileDeployment(state, c, key, opts, log),
    initialMemory,
    // kube-controller-manager's shared informers resync every 12-24 h; the model uses the lower bound.
    resyncPeriod: 12 * 3600,
  };
}

/** The Deployment controller (kind "deployment-controller", id "kube-controller-manager/deployment"). */
export const deploymentBehavior: ComponentBehavior<DeploymentControllerMemory> = makeDeploymentBehavior();
