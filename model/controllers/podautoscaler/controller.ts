/**
 * The HorizontalPodAutoscaler controller as a model component (kube-controller-manager's
 * "horizontalpodautoscaling" controller). Follows pkg/controller/podautoscaler/horizontal.go
 * (NewHorizontalController's event handlers, enqueueHPA, updateHPA, deleteHPA, processNextWorkItem,
 * reconcileKey); the reconcile itself is in reconcile-autoscaler.ts.
 *
 * Work queue. The controller's queue is rate limited with a fixed interval equal to the sync period: every
 * AddRateLimited is an AddAfter(15 s), and an HPA already waiting is not added again. So an HPA is synced one
 * period after it is first seen, and then once per period; its own status writes (update events) never make it
 * sync early, which is what keeps it from reacting to the size it has just written before the target's pods
 * have changed. The model keeps the waiting item as a periodic timer per HPA (enqueueAfter), re-armed after each
 * sync as processNextWorkItem does. Informer events enter the queue as EVENT_KEY_PREFIX + key, and their
 * reconcile only does what the handler does (arm the timer unless one is waiting); the timer's key runs the sync.
 */
import type { ComponentBehavior, WatchSpec } from "../../components/behavior.ts";
import type { State } from "../../state.ts";
import type { EffectLog } from "../../effects.ts";
import { metaNamespaceKey } from "../../objects/types.ts";
import { cacheGet } from "../../informers/cache.ts";
import { enqueueAfter, timerIdFor } from "../../informers/enqueue-after.ts";
import { getTimer } from "../../timers.ts";
import { HPA_RESOURCE, reconcileAutoscaler } from "./reconcile-autoscaler.ts";
import { SCALABLE_RESOURCES } from "./scale-target.ts";
import { initialHpaMemory, NEW_RECORD, recordOf, writeRecord, type HpaComponent, type HpaControllerMemory } from "./memory.ts";
import { resolveHpaOptions, type HpaControllerOptions, type ResolvedHpaOptions } from "./options.ts";

/** The component kind. */
export const HPA_CONTROLLER_KIND = "horizontalpodautoscaler-controller";
/** The control-plane instance's id (see CONTROL_PLANE in model/bootstrap.ts). */
export const HPA_CONTROLLER_ID = "kube-controller-manager/horizontalpodautoscaling";
/** Queue keys from informer event handlers carry this prefix; resync timers use the plain key. */
export const EVENT_KEY_PREFIX = "event:";

const WATCHES: readonly WatchSpec[] = [{ resource: HPA_RESOURCE }, { resource: "pods" }, ...SCALABLE_RESOURCES.map((resource) => ({ resource }))];

/**
 * What an informer event does (enqueueHPA / deleteHPA). For a live HPA: register it (a memory record with the
 * Nothing selector) and AddRateLimited — arm the resync timer unless one is waiting. For a deleted one: drop its
 * selector (the timer stays: when it fires, the sync sees the HPA gone and forgets it, as reconcileKey does).
 */
function handleEvent(state: State, c: HpaComponent, key: string, opts: ResolvedHpaOptions): State {
  const record = recordOf(c, key);
  if (!cacheGet(c, HPA_RESOURCE, key)) return record ? writeRecord(state, c.id, key, { ...record, selector: null }) : state;
  if (!record) state = writeRecord(state, c.id, key, NEW_RECORD);
  // The delaying queue's "already waiting" check: a pending timer is this HPA's waiting item.
  if (getTimer(state, timerIdFor(c.id, key))) return state;
  return enqueueAfter(state, c.id, key, opts.syncPeriodSeconds, true);
}

/** processNextWorkItem + reconcileKey for a resync of `key`. */
function sync(state: State, c: HpaComponent, key: string, log: EffectLog, opts: ResolvedHpaOptions): State {
  const hpa = cacheGet(c, HPA_RESOURCE, key);
  if (!hpa) {
    // Deleted: forget its recommendations and scale events; it is not queued again.
    return writeRecord(state, c.id, key, undefined);
  }
  state = reconcileAutoscaler(state, c, key, hpa, recordOf(c, key) ?? NEW_RECORD, log, opts);
  // Requests are always added with the sync period's delay, whatever the outcome (no faster retry on errors).
  return enqueueAfter(state, c.id, key, opts.syncPeriodSeconds, true);
}

/** The HPA controller with the given flags (and bug-zoo switches); {@link hpaBehavior} is the default one. */
export function makeHpaBehavior(options: HpaControllerOptions = {}): ComponentBehavior<HpaControllerMemory> {
  const opts = resolveHpaOptions(options);
  return {
    kind: HPA_CONTROLLER_KIND,
    source: "pkg/controller/podautoscaler/horizontal.go",
    watches: () => WATCHES,
    keysFor(resource, ev) {
      // Pods and scale targets have no handlers: they are read when an HPA syncs (the pod lister, the scale
      // subresource), so a pod change never makes an HPA sync before its period.
      if (resource !== HPA_RESOURCE) return [];
      // updateHPA's AddRateLimited finds the HPA's item already waiting (it is re-armed after every sync), so
      // an update changes nothing.
      if (ev.type === "MODIFIED") return [];
      return [EVENT_KEY_PREFIX + metaNamespaceKey(ev.object)];
    },
    reconcile(state, c, key, log) {
      if (key.startsWith(EVENT_KEY_PREFIX)) return { state: handleEvent(state, c, key.slice(EVENT_KEY_PREFIX.length), opts) };
      return { state: sync(state, c, key, log, opts) };
    },
    initialMemory: () => initialHpaMemory(),
    // WaitForNamedCacheSync: no worker runs before the caches have listed (the model also reads scale targets
    // from caches, so it waits for those too); otherwise a restarted controller would see no target and no pods.
    active: (_state, c) => ({ watch: true, work: Object.values(c.informers).every((i) => i.synced) }),
  };
}

/** The HPA controller with Kubernetes' default flags. */
export const hpaBehavior: ComponentBehavior<HpaControllerMemory> = makeHpaBehavior();
