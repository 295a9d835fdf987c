/**
 * Housekeeping (pkg/kubelet/kubelet_pods.go HandlePodCleanups, run from the sync loop's housekeeping ticker,
 * and the status manager's periodic syncBatch): once the API source is ready, every sandbox whose pod the API
 * does not have (or has under another uid) is killed and removed; pod keys whose last sync could not finish
 * are synced again; static pods whose mirror pod is missing are synced again (to create it).
 *
 * Orphans appear when a deletion was missed: a kubelet that restarts lists the API afresh and sees no DELETED
 * event for a pod removed while it was down.
 */
import { componentAt, type State } from "../state.ts";
import type { EffectLog } from "../effects.ts";
import { btreeEmpty, btreeKeys, btreeRange } from "../collections/btree.ts";
import { cacheGet } from "../informers/cache.ts";
import { queueAddAll } from "../informers/workqueue.ts";
import { updateComponent } from "../components/update.ts";
import { getMachine } from "../world/machine.ts";
import { PODS, podKey } from "./keys.ts";
import { updateMemory, type KubeletComponent, type KubeletMemory } from "./memory.ts";
import { staticPodsOf } from "../world/static-pods.ts";
import { removeOrphanPod } from "./cleanup.ts";

/** Runs one housekeeping pass of the kubelet on `node`. */
export function housekeeping(state: State, c: KubeletComponent, node: string, _log: EffectLog): State {
  const m = getMachine(state, node);
  if (!m || !m.up) return state;
  const statics = staticPodsOf(m);
  const staticUids = new Set(statics.map((p) => p.metadata.uid!));
  const synced = c.informers[PODS]?.synced === true;
  let s = state;
  const keys: string[] = [];
  if (synced) {
    for (const [, rp] of btreeRange(m.pods)) {
      if (staticUids.has(rp.uid)) continue;
      const api = cacheGet(c, PODS, podKey(rp.namespace, rp.name));
      if (!api || api.spec?.nodeName !== node || api.metadata.uid !== rp.uid) s = removeOrphanPod(s, c, node, rp);
    }
    for (const p of statics) {
      const key = podKey(p.metadata.namespace!, p.metadata.name!);
      if (!cacheGet(c, PODS, key)) keys.push(key);
    }
  }
  const retry = btreeKeys((componentAt<KubeletMemory>(s, c.id) ?? c).memory.retry);
  keys.push(...retry);
  if (retry.length > 0) s = updateMemory(s, c.id, (mm) => ({ ...mm, retry: btreeEmpty() }));
  if (keys.length === 0) return s;
  return updateComponent(s, c.id, (cur) => ({ ...cur, queue: queueAddAll(cur.queue, keys) }));
}
