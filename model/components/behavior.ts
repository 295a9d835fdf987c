/**
 * What a kind of component does. A component reads only its own informer caches and changes the cluster only
 * by requests to the API server, as controllers built on client-go do: event handlers turn watch events into
 * work-queue keys, and a reconcile takes one key at a time (the sync handler).
 */
import type { ComponentState, State } from "../state.ts";
import type { WatchEvent } from "../apiserver/watch.ts";
import type { EffectLog } from "../effects.ts";
import type { Indexers } from "../informers/indexer.ts";

/** One informer a component runs. */
export interface WatchSpec {
  readonly resource: string;
  readonly namespace?: string;
  readonly fieldSelector?: string;
}

/** What a rewatch changed in a component's informer set: resource ids, each list sorted. */
export interface WatchChange {
  /** Resources that get a new informer (empty, unsynced: it lists on its next sync). */
  readonly added: readonly string[];
  /** Resources whose informer stops (its cache goes with it). */
  readonly removed: readonly string[];
}

export interface ReconcileResult {
  readonly state: State;
  /** Requeue the key (after an error, as AddRateLimited). */
  readonly requeue?: boolean;
}

/**
 * A kind's behaviour, typed by its local memory M: its own handlers see `component.memory` as an M, with no cast.
 * M must be JSON data (objects, arrays, strings, numbers, booleans, null, and the persistent trees of
 * model/collections, whose nodes are plain arrays and objects): a state is hashed, compared and printed as data.
 * TypeScript cannot say this of a type with readonly interfaces and optional fields, so it is not a constraint
 * on M, only a rule.
 *
 * The handlers are function-typed properties rather than methods on purpose: TypeScript checks method parameters
 * bivariantly, which would let a `ComponentBehavior<PvControllerMemory>` pass silently for a
 * `ComponentBehavior<unknown>` (whose reconcile may be handed any memory) anywhere in the code. As properties,
 * ComponentBehavior<M> is invariant in M, and the only way to forget M is {@link eraseMemory}.
 */
export interface ComponentBehavior<M = unknown> {
  /** The kind name, used as ComponentState.kind. */
  readonly kind: string;
  /** The Kubernetes source this component follows, for reports. */
  readonly source: string;
  /**
   * The informers an instance runs: evaluated when it starts (or restarts) and, for a kind with a
   * `rewatchPeriod`, again at each rewatch. The id lets per-node components filter by node; the state (the
   * cluster as it is at that moment) lets a component follow discovery, as the garbage collector's monitors
   * follow the resources the API server serves. It must be a pure function of its arguments: the informer set
   * it yields is kept in the component's state (ComponentState.informers), never recomputed outside a start or
   * a rewatch, so a state alone says which informers run.
   */
  watches(id: string, state: State): readonly WatchSpec[];
  /**
   * Logical seconds between two rewatches (default: none, the informer set is fixed at start). A rewatch is a
   * periodic timer's `informer.rewatch` action (model/components/rewatch.ts): `watches` is evaluated against the
   * cluster then; informers for new specs start empty and unsynced, informers whose spec went away stop with
   * their caches, the others go on untouched. The garbage collector's Sync (every 30 s) is one.
   */
  readonly rewatchPeriod?: number;
  /**
   * Called by a rewatch that changes the informer set, before the change is made: the component still holds
   * the informers about to stop (and their caches, so it can finish with what they delivered). Whatever it
   * writes to its own component (memory, queue) is kept; the informer set is then changed on top of it.
   */
  readonly onRewatch?: (state: State, component: ComponentState<M>, change: WatchChange, log: EffectLog) => State;
  /** Event handlers: the work-queue keys an event on `resource` produces. */
  readonly keysFor: (resource: string, ev: WatchEvent, component: ComponentState<M>) => readonly string[];
  /** The sync handler for one key. */
  readonly reconcile: (state: State, component: ComponentState<M>, key: string, log: EffectLog) => ReconcileResult;
  /** Local memory of a fresh (or restarted) instance. */
  readonly initialMemory: (id: string) => M;
  /**
   * Whether the instance can watch the API server and whether it can work its queue right now (a kubelet on a
   * crashed machine can do neither; on a partitioned one it works locally but cannot watch). Default: both.
   */
  readonly active?: (state: State, component: ComponentState<M>) => { readonly watch: boolean; readonly work: boolean };
  /**
   * Whether workers wait for every informer to have listed before taking keys (cache.WaitForCacheSync; default
   * true). Only a bug-zoo variant turns it off.
   */
  readonly waitForCacheSync?: boolean;
  /**
   * Informer resync period in logical seconds (client-go's resyncPeriod: handlers see every cached object again,
   * so a missed event is eventually made up for). kube-controller-manager's shared informers use 12 to 24 h.
   */
  readonly resyncPeriod?: number;
  /**
   * Informer indexes by resource, then by index name (client-go's informer.AddIndexers): each index function
   * gives an object's index values, and the informer keeps an index from value to objects, updated with every
   * event that changes its cache and rebuilt on every relist. A sync handler reads one value's objects with
   * `cacheByIndex(c, resource, indexName, value)` (model/informers/cache.ts) in O(log n + k) instead of
   * scanning the cache. Index functions must be pure functions of the object.
   */
  readonly indexers?: Readonly<Record<string, Indexers>>;
  /** Called once when the instance starts or restarts (e.g. to arm its periodic timers). */
  readonly onStart?: (state: State, component: ComponentState<M>) => State;
  /**
   * A worker in the middle of a sync: a sync handler that takes several steps (a user's async reconcile, one
   * awaited API call a step) says so here, and its next `reconcile` action goes on with it (`resume`) instead of
   * taking a new key, as client-go's single worker finishes one key before the next. A restart drops it with the
   * memory that holds it.
   */
  readonly inFlight?: (component: ComponentState<M>) => boolean;
  /** Goes on with the sync in flight (see inFlight). */
  readonly resume?: (state: State, component: ComponentState<M>, log: EffectLog) => ReconcileResult;
}

/**
 * A behaviour with its memory type forgotten, for the registry (ComponentKind.make, Runtime.behaviorOf), whose
 * dispatcher (step, enabled, settle, lifecycle) does not know M. This is the one cast between typed and untyped
 * behaviours, and it is sound because the runtime only ever hands a behaviour components whose memory it made
 * itself: Runtime.behaviorOf resolves a component by its id and kind to one behaviour (cached per id),
 * freshComponent takes the memory from that behaviour's initialMemory (on start and on every restart), and a
 * component's memory is written only through updateComponent (model/components/update.ts), by code that names it
 * by an id of its kind.
 */
export const eraseMemory = <M>(b: ComponentBehavior<M>): ComponentBehavior => b as ComponentBehavior;
