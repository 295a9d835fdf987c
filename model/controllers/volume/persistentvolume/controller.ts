/**
 * The PersistentVolume controller (kube-controller-manager's "persistentvolume-binder"; kind
 * "persistentvolume-binder-controller", id "kube-controller-manager/persistentvolume-binder"). Follows
 * pkg/controller/volume/persistentvolume/pv_controller_base.go (NewController's event handlers, Run, resync) and
 * pv_controller.go: it binds claims to volumes (static binding: the smallest volume that fits, or the one either
 * side names), keeps claimRef and volumeName symmetric, moves PV phases through the PersistentVolume chart and
 * PVC phases Pending/Bound/Lost, and reclaims released volumes (Retain, Recycle, Delete).
 *
 * One work queue holds Go's two (claims "pvc/ns/name", volumes "pv/name") and the reclaim operations Go runs in
 * goroutines ("pv-recycle/name", "pv-delete/name"). A sync error is not retried by a requeue — the PV controller's
 * workers only log it — but by the periodic sync every 15 s (--pvclaimbinder-sync-period), modelled as the
 * informers' resync.
 */
import type { ComponentBehavior } from "../../../components/behavior.ts";
import type { State } from "../../../state.ts";
import { updateComponent } from "../../../components/update.ts";
import { cacheList } from "../../../informers/cache.ts";
import { queueAddAll } from "../../../informers/workqueue.ts";
import { metaNamespaceKey } from "../../../objects/types.ts";
import {
  PV_CLAIM_BINDER_SYNC_PERIOD,
  PV_CONTROLLER_KIND,
  PVCS,
  PVS,
  claimQueueKey,
  parseQueueKey,
  volumeQueueKey,
} from "./constants.ts";
import { DEFAULT_PV_CONTROLLER_OPTIONS, PvSyncError, type PvControllerOptions, type PvSyncContext } from "./context.ts";
import { emptyPvControllerMemory, initializeCaches, type PvControllerMemory } from "./local-store.ts";
import { deleteVolumeOperation, recycleVolumeOperation } from "./reclaim.ts";
import { claimWorker, volumeWorker } from "./workers.ts";

/** A PV controller behaviour; the options are the bug-zoo variants (defaults: Kubernetes today). */
export function makePvControllerBehavior(options: Partial<PvControllerOptions> = {}): ComponentBehavior<PvControllerMemory> {
  const opts: PvControllerOptions = { ...DEFAULT_PV_CONTROLLER_OPTIONS, ...options };
  return {
    kind: PV_CONTROLLER_KIND,
    source: "pkg/controller/volume/persistentvolume/pv_controller.go",
    watches: () => [{ resource: PVS }, { resource: PVCS }],
    // Add, update and delete events all enqueue the object's key (enqueueWork).
    keysFor: (resource, ev) => (resource === PVS ? [volumeQueueKey(ev.object.metadata.name!)] : resource === PVCS ? [claimQueueKey(metaNamespaceKey(ev.object))] : []),
    reconcile(state, c, key, log) {
      let memory = c.memory;
      if (!memory.initialized) {
        // Run: after WaitForCacheSync, initializeCaches and then the workers. (The variant where it failed
        // starts with empty caches.)
        memory = opts.initializeCaches ? initializeCaches(cacheList(c, PVS), cacheList(c, PVCS)) : { ...emptyPvControllerMemory(), initialized: true };
      }
      const ctx: PvSyncContext = { state, c, memory, enqueue: [], opts, log };
      const item = parseQueueKey(key);
      try {
        switch (item?.kind) {
          case "volume":
            volumeWorker(ctx, item.name);
            break;
          case "claim":
            claimWorker(ctx, item.key);
            break;
          case "recycle":
            recycleVolumeOperation(ctx, item.name);
            break;
          case "delete":
            deleteVolumeOperation(ctx, item.name);
            break;
          default:
            break;
        }
      } catch (e) {
        if (!(e instanceof PvSyncError)) throw e;
        // "Could not sync": logged; the next periodic sync tries again.
        log.push({ kind: "note", who: c.id, text: `could not sync ${key}: ${e.message}` });
      }
      return { state: commit(ctx) };
    },
    initialMemory: () => emptyPvControllerMemory(),
    resyncPeriod: PV_CLAIM_BINDER_SYNC_PERIOD,
  };
}

/** Writes the local caches and the keys the sync queued back into the component. */
function commit(ctx: PvSyncContext): State {
  return updateComponent<PvControllerMemory>(ctx.state, ctx.c.id, (cur) => ({
    ...cur,
    memory: ctx.memory,
    queue: ctx.enqueue.length > 0 ? queueAddAll(cur.queue, ctx.enqueue) : cur.queue,
  }));
}

/** The PV controller as Kubernetes runs it. */
export const pvControllerBehavior: ComponentBehavior<PvControllerMemory> = makePvControllerBehavior();
