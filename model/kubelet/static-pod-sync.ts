/**
 * Syncing a static pod. Follows pkg/kubelet/kubelet.go (SyncPod, the mirror pod block): the static pod runs
 * whatever the API says (it is the node's own configuration, so it runs even before the API can be reached);
 * once the pod source from the API has synced, a mirror pod that is being deleted, or that is not the mirror of
 * this static pod, is deleted (grace 0, uid precondition) and a mirror pod is created when there is none, unless
 * the Node is missing or being deleted. The status goes to the mirror pod. Deleting the mirror pod therefore
 * never stops the static pod: the kubelet just creates the mirror again.
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import type { EffectLog } from "../effects.ts";
import type { ReconcileResult } from "../components/behavior.ts";
import { send } from "../client.ts";
import { isStatus } from "../apiserver/status.ts";
import { cacheGet } from "../informers/cache.ts";
import { NODES, PODS } from "./keys.ts";
import { isMirrorPodOf, mirrorPodObject } from "../world/static-pods.ts";
import { markRetry, type KubeletComponent } from "./memory.ts";
import { runPod } from "./run-pod.ts";

/** The sync of a static pod (key: its mirror pod's namespace/name). */
export function syncStaticPod(state: State, c: KubeletComponent, node: string, key: string, staticPod: KObject, log: EffectLog): ReconcileResult {
  const synced = c.informers[PODS]?.synced === true;
  let s = state;
  let statusTarget: KObject | undefined;
  let retry = false;
  if (synced) {
    const mirror = cacheGet(c, PODS, key);
    statusTarget = mirror;
    let deleted = false;
    if (mirror && (mirror.metadata.deletionTimestamp || !isMirrorPodOf(mirror, staticPod))) {
      const r = send(
        s,
        c.id,
        { verb: "delete", resource: PODS, namespace: mirror.metadata.namespace!, name: mirror.metadata.name!, gracePeriodSeconds: 0, preconditions: { uid: mirror.metadata.uid! } },
        log,
      );
      s = r.state;
      deleted = !isStatus(r.result);
      if (isStatus(r.result) && r.result.code !== 404 && r.result.code !== 409) retry = true;
      statusTarget = undefined;
    }
    if (!mirror || deleted) {
      const nodeObj = cacheGet(c, NODES, node);
      if (!nodeObj || nodeObj.metadata.deletionTimestamp) {
        retry = true;
      } else {
        const r = send(s, c.id, { verb: "create", resource: PODS, namespace: staticPod.metadata.namespace!, object: mirrorPodObject(staticPod, nodeObj) }, log);
        s = r.state;
        if (isStatus(r.result) && r.result.reason !== "AlreadyExists") retry = true;
      }
      // The new mirror pod's status is written when its ADDED event brings the key back.
      statusTarget = undefined;
    }
  }
  const out = runPod(s, { c, node, key, specPod: staticPod, apiPod: statusTarget }, log);
  return retry ? { ...out, state: markRetry(out.state, c.id, key, true) } : out;
}
