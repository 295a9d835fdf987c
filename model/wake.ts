/**
 * Which components a step may have given work: settle's way to skip the components that are idle and stay idle,
 * so that a round costs what changed instead of one look at every component (at 1,000 nodes, 2,000 components,
 * and settle takes a round per pod the scheduler binds).
 *
 * Whether a component has an action (model/enabled.ts componentActions) depends on
 * - its own state (work queue, informers' revisions): woken when its entry in state.components changes;
 * - the store writes its informers have not seen (informerPending): woken by a write to a resource it watches;
 *   a kubelet's pod watch, which the API server serves by node, only by writes to pods on its node; a watch of
 *   one object by name (metadata.name=...), only by writes to that object;
 * - for behaviours with `active` (kubelet, kube-proxy), the machine their id names (after the first "/"): woken
 *   when that machine changes.
 * Anything else a step can change (the clock, the set of components or of their informers, the served
 * resources, a compaction) wakes every component. Waking too many costs a look; waking too few would change what
 * settle does, which the settle test compares against a look at every component.
 */
import type { ComponentState, State } from "./state.ts";
import { btreeGet, btreeRange, type BTree } from "./collections/btree.ts";
import { btreeChangedKeys } from "./collections/btree-diff.ts";
import type { Runtime } from "./components/kinds.ts";
import { resolveResource } from "./apiserver/lookup.ts";
import { storagePrefix } from "./apiserver/resources.ts";
import { nodeOfFieldSelector, podNodeOf } from "./apiserver/pod-node-index.ts";
import { namedObjectKey } from "./apiserver/field-selector-name.ts";
import { bucketOf, revKey } from "./store/store.ts";

/** Who to wake for what, built from the components as they are. */
export interface WakeIndex {
  readonly components: BTree<ComponentState>;
  readonly customResources: State["api"]["customResources"];
  /** Storage bucket -> components with an informer on it (besides node-served pod watches). */
  readonly byBucket: ReadonlyMap<string, readonly string[]>;
  /** Storage key -> components whose informer watches that one object (field selector metadata.name=...). */
  readonly byKey: ReadonlyMap<string, readonly string[]>;
  /** Node -> components whose pod watch is served by that node (kubelets). */
  readonly podWatchersByNode: ReadonlyMap<string, readonly string[]>;
  /** Node (machine) -> components whose `active` reads it. */
  readonly byMachine: ReadonlyMap<string, readonly string[]>;
  /** Components with an informer on a resource not served now: they are looked at every time. */
  readonly always: readonly string[];
  /** Each component's informer resources, to see when a component's set of informers changed. */
  readonly informerSets: ReadonlyMap<string, string>;
}

const push = (m: Map<string, string[]>, k: string, id: string) => {
  const l = m.get(k);
  if (l) l.push(id);
  else m.set(k, [id]);
};

const informerSet = (c: ComponentState): string => Object.keys(c.informers).sort().join(",");

export function buildWakeIndex(rt: Runtime, state: State): WakeIndex {
  const byBucket = new Map<string, string[]>();
  const byKey = new Map<string, string[]>();
  const podWatchersByNode = new Map<string, string[]>();
  const byMachine = new Map<string, string[]>();
  const always: string[] = [];
  const informerSets = new Map<string, string>();
  for (const [id, c] of btreeRange(state.components)) {
    informerSets.set(id, informerSet(c));
    if (rt.behaviorOf(c).active) push(byMachine, id.slice(id.indexOf("/") + 1), id);
    for (const resource in c.informers) {
      const inf = c.informers[resource]!;
      const info = resolveResource(state, resource);
      if (!info) {
        always.push(id);
        continue;
      }
      const node = info.kind === "Pod" ? nodeOfFieldSelector(inf.fieldSelector) : undefined;
      const key = namedObjectKey(info, inf.namespace, inf.fieldSelector);
      if (node !== undefined) push(podWatchersByNode, node, id);
      // A watch of one object (a kubelet's of its own Node) is woken by writes to that key only, as
      // informerPending looks at that key only: otherwise each Node's heartbeat would wake every kubelet.
      else if (key !== undefined) push(byKey, key, id);
      else push(byBucket, bucketOf(storagePrefix(info)), id);
    }
  }
  return { components: state.components, customResources: state.api.customResources, byBucket, byKey, podWatchersByNode, byMachine, always, informerSets };
}

/**
 * The components `next` (one step after `prev`) may have given work, or "all" when the step changed something
 * the index does not follow (then the index must be rebuilt from `next`).
 */
export function wokenBy(prev: State, next: State, index: WakeIndex): string[] | "all" {
  // Timers alone give no component an action (only the clock's tick, which settle takes when all are idle); a
  // tick moves the clock and may do anything, so it wakes everyone.
  if (next.clock !== prev.clock) return "all";
  if (next.api.customResources !== index.customResources || next.store.compactRevision !== prev.store.compactRevision) return "all";
  const out: string[] = [];
  if (next.components !== prev.components) {
    for (const id of btreeChangedKeys(prev.components, next.components)) {
      const c = btreeGet(next.components, id);
      // A component came, went, or changed its informers: the index no longer describes the cluster.
      if (!c || index.informerSets.get(id) !== informerSet(c)) return "all";
      out.push(id);
    }
  }
  if (next.store.revision !== prev.store.revision) {
    for (const [, ev] of btreeRange(next.store.log, revKey(prev.store.revision + 1))) {
      out.push(...(index.byBucket.get(bucketOf(ev.kv.key)) ?? []), ...(index.byKey.get(ev.kv.key) ?? []));
      const before = podNodeOf(ev.prevKv?.value);
      const after = ev.type === "PUT" ? podNodeOf(ev.kv.value) : undefined;
      if (before !== undefined) out.push(...(index.podWatchersByNode.get(before) ?? []));
      if (after !== undefined && after !== before) out.push(...(index.podWatchersByNode.get(after) ?? []));
    }
  }
  if (next.world.machines !== prev.world.machines) {
    for (const node of btreeChangedKeys(prev.world.machines, next.world.machines)) out.push(...(index.byMachine.get(node) ?? []));
  }
  out.push(...index.always);
  return out;
}
