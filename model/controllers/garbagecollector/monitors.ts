/**
 * The garbage collector's monitors follow discovery. Follows pkg/controller/garbagecollector/garbagecollector.go
 * (Sync, resyncMonitors, GetDeletableResources) and graph_builder.go (syncMonitors, ignoredResources):
 * kube-controller-manager runs `garbageCollector.Sync(ctx, discoveryClient, 30*time.Second)`, which every 30 s
 * asks discovery for the deletable resources (verbs delete, list and watch), and when they changed starts a
 * monitor (an informer feeding graphChanges) for each new one and stops the monitors of the ones gone.
 *
 * In the model the monitor set is the component's informer set, evaluated by `watches` at start and at each
 * rewatch (model/components/rewatch.ts, every GC_SYNC_PERIOD logical seconds).
 */
import type { ComponentState, State } from "../../state.ts";
import type { EffectLog } from "../../effects.ts";
import type { WatchChange } from "../../components/behavior.ts";
import { btreeEmpty, btreeKeys, btreePrefix, btreeRange } from "../../collections/btree.ts";
import { resolveResource } from "../../apiserver/lookup.ts";
import { processGraphChange } from "./graph-builder.ts";
import { commitGcPass, graphKey, type GcMemory, type GcPass } from "./memory.ts";

/** Sync's period: kube-controller-manager's `garbageCollector.Sync(ctx, discoveryClient, 30*time.Second)`. */
export const GC_SYNC_PERIOD = 30;

/**
 * The built-in resources the collector monitors: the workloads, and the built-ins that carry or are targets of
 * ownerReferences in the model (a node owns its Lease and mirror pods). Upstream monitors every deletable
 * built-in; the model leaves out the ones none of its objects owns or is owned by.
 */
export const GC_RESOURCES: readonly string[] = [
  "pods",
  "replicationcontrollers",
  "replicasets.apps",
  "deployments.apps",
  "horizontalpodautoscalers.autoscaling",
  "nodes",
  "services",
  "endpoints",
  "configmaps",
  "secrets",
  "serviceaccounts",
  "persistentvolumeclaims",
  "persistentvolumes",
  "leases.coordination.k8s.io",
];

/** graph_builder.go ignoredResources (DefaultIgnoredResources): events, core and events.k8s.io. */
export const GC_IGNORED_RESOURCES: readonly string[] = ["events", "events.events.k8s.io"];

/**
 * The resources to monitor now: GetDeletableResources minus ignoredResources, i.e. the built-ins above plus
 * every custom resource the API server serves (a CRD's resource serves delete, list and watch), sorted.
 */
export function monitoredResources(state: State): string[] {
  const custom = Object.keys(state.api.customResources)
    .filter((r) => !GC_IGNORED_RESOURCES.includes(r) && !GC_RESOURCES.includes(r))
    .sort();
  return [...GC_RESOURCES, ...custom];
}

/** The informer keys under `resource` the graph has observed (memory.ts `observed`), in order. */
function observedKeys(mem: GcMemory, resource: string): string[] {
  const prefix = `${resource}\u0001`;
  const out: string[] = [];
  for (const [k] of btreePrefix(mem.observed, prefix)) out.push(k.slice(prefix.length));
  return out;
}

/**
 * The component with the caches of stopped monitors whose resource is no longer served emptied. Such a resource
 * went with its CRD, which the API server deletes only once the CRD finalizer has deleted every object of it:
 * the last events of its watch were those deletions. The model's informer stops taking events once the
 * resource is not served (informerPending), so it may not have taken them; they are delivered here.
 */
function withoutStaleCaches(state: State, c: ComponentState<GcMemory>, removed: readonly string[]): ComponentState<GcMemory> {
  const gone = removed.filter((r) => c.informers[r] !== undefined && resolveResource(state, r) === undefined);
  if (gone.length === 0) return c;
  const informers = { ...c.informers };
  for (const r of gone) informers[r] = { ...informers[r]!, cache: btreeEmpty() };
  return { ...c, informers };
}

/**
 * resyncMonitors, the graph's side. A stopped monitor's events already delivered are still processed (upstream
 * they wait in graphChanges): every key its cache or the graph's observations hold is folded into the graph
 * now, before the cache goes (with the deletions of a gone CRD's objects, withoutStaleCaches). Its nodes stay in the graph, as upstream's do; an item whose owner's kind is no
 * longer served is then a REST mapping error, parked (kubernetes/kubernetes#102641: dependents of an owner whose
 * type went away wait until the type is served again).
 *
 * A new monitor lists on its next sync and its events build the graph. Keys the graph observed under it before
 * (a resource served, gone and served again) are queued so that the ones whose objects went meanwhile are
 * delete events. And the served resources changed, so the parked attemptToDelete keys are queued again: what
 * upstream's rate-limited retries of them would find now.
 */
export function onMonitorsChanged(state: State, c: ComponentState<GcMemory>, change: WatchChange, log: EffectLog): State {
  const p: GcPass = { state, mem: c.memory, keys: [], c: withoutStaleCaches(state, c, change.removed), log };
  for (const resource of change.removed) {
    const inf = c.informers[resource];
    const keys = new Set(observedKeys(p.mem, resource));
    if (inf) for (const [k] of btreeRange(inf.cache)) keys.add(k);
    for (const key of [...keys].sort()) processGraphChange(p, resource, key);
  }
  for (const resource of change.added) for (const key of observedKeys(p.mem, resource)) p.keys.push(graphKey(resource, key));
  p.keys.push(...btreeKeys(p.mem.parked));
  p.mem = { ...p.mem, parked: btreeEmpty() };
  return commitGcPass(p);
}
