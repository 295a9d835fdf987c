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

export interface ReconcileResult {
  readonly state: State;
  /** Requeue the key (after an error, as AddRateLimited). */
  readonly requeue?: boolean;
}

export interface ComponentBehavior {
  /** The kind name, used as ComponentState.kind. */
  readonly kind: string;
  /** The Kubernetes source this component follows, for reports. */
  readonly source: string;
  /** The informers an instance runs (the id lets per-node components filter by node). */
  watches(id: string): readonly WatchSpec[];
  /** Event handlers: the work-queue keys an event on `resource` produces. */
  keysFor(resource: string, ev: WatchEvent, component: ComponentState): readonly string[];
  /** The sync handler for one key. */
  reconcile(state: State, component: ComponentState, key: string, log: EffectLog): ReconcileResult;
  /** Local memory of a fresh (or restarted) instance. */
  initialMemory(id: string): unknown;
  /**
   * Whether the instance can watch the API server and whether it can work its queue right now (a kubelet on a
   * crashed machine can do neither; on a partitioned one it works locally but cannot watch). Default: both.
   */
  active?(state: State, component: ComponentState): { readonly watch: boolean; readonly work: boolean };
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
  onStart?(state: State, component: ComponentState): State;
}
