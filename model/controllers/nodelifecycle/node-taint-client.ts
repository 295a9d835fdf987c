/**
 * Writing taints to a Node through the API server, with the optimistic-concurrency retry loop Kubernetes uses.
 * Follows pkg/controller/controller_utils.go (AddOrUpdateTaintOnNode, RemoveTaintOffNode, PatchNodeTaints,
 * UpdateTaintBackoff) and pkg/controller/util/node/controller_utils.go (SwapNodeControllerTaint).
 *
 * The first attempt reads the node "from the API server cache" (GET with resourceVersion=0), which may be
 * stale; the patch carries that resourceVersion, so a stale read ends in 409 Conflict and the retry reads the
 * live object. The model uses the controller's own informer copy as that possibly-stale first read, so the
 * conflict-and-retry path is exercised exactly where a lagging cache would cause it. The resourceVersion in
 * the patch is what keeps two writers from silently dropping each other's taints (spec.taints has no merge key).
 */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { EffectLog } from "../../effects.ts";
import { send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";
import { timestamp } from "../../clock.ts";
import { addOrUpdateTaint, nodeTaints, removeTaint, taintExists, type Taint } from "./taints.ts";

/** UpdateTaintBackoff.Steps: attempts before giving up on conflicts. */
export const UPDATE_TAINT_ATTEMPTS = 5;

export interface TaintWriteResult {
  readonly state: State;
  readonly ok: boolean;
  /** The node as the last successful write (or read) left it. */
  readonly node?: KObject;
}

type Edit = (taints: readonly Taint[]) => { taints: Taint[]; updated: boolean };

/** GET (first from `cached`, then live), apply `edit`, PatchNodeTaints; retried on 409 only (RetryOnConflict). */
function updateTaints(state: State, client: string, nodeName: string, cached: KObject | undefined, edit: Edit, log: EffectLog): TaintWriteResult {
  let s = state;
  for (let attempt = 0; attempt < UPDATE_TAINT_ATTEMPTS; attempt++) {
    let node: KObject;
    if (attempt === 0 && cached) node = cached;
    else {
      const got = send(s, client, { verb: "get", resource: "nodes", name: nodeName }, log);
      if (isStatus(got.result)) return { state: s, ok: false };
      node = got.result;
    }
    const { taints, updated } = edit(nodeTaints(node));
    if (!updated) return { state: s, ok: true, node };
    const r = send(
      s,
      client,
      {
        verb: "patch",
        resource: "nodes",
        name: nodeName,
        patch: { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints: taints.length > 0 ? taints : null } },
      },
      log,
    );
    s = r.state;
    if (!isStatus(r.result)) return { state: s, ok: true, node: r.result };
    if (r.result.code !== 409) return { state: s, ok: false };
  }
  return { state: s, ok: false };
}

/** AddOrUpdateTaintOnNode: adds (or replaces, by key and effect) every taint in one patch. */
export function addOrUpdateTaintOnNode(state: State, client: string, nodeName: string, taints: readonly Taint[], cached: KObject | undefined, log: EffectLog): TaintWriteResult {
  if (taints.length === 0) return { state, ok: true };
  return updateTaints(state, client, nodeName, cached, (current) => {
    let list = [...current];
    let updated = false;
    for (const t of taints) {
      const r = addOrUpdateTaint(list, t);
      list = r.taints;
      updated = updated || r.updated;
    }
    return { taints: list, updated };
  }, log);
}

/**
 * RemoveTaintOffNode: removes the taints in one patch. When the caller's (cached) node has none of them, no
 * request is made: the short cut that keeps a pass over healthy nodes free of API calls.
 */
export function removeTaintOffNode(
  state: State,
  client: string,
  nodeName: string,
  node: KObject | undefined,
  taints: readonly Taint[],
  log: EffectLog,
  firstRead: KObject | undefined = node,
): TaintWriteResult {
  if (taints.length === 0) return { state, ok: true };
  if (node && !taints.some((t) => taintExists(nodeTaints(node), t))) return { state, ok: true };
  return updateTaints(state, client, nodeName, firstRead, (current) => {
    let list = [...current];
    let updated = false;
    for (const t of taints) {
      const r = removeTaint(list, t);
      list = r.taints;
      updated = updated || r.updated;
    }
    return { taints: list, updated };
  }, log);
}

/** SwapNodeControllerTaint: stamps timeAdded on the taints to add, adds them, then removes the others. */
export function swapNodeControllerTaint(
  state: State,
  client: string,
  toAdd: readonly Taint[],
  toRemove: readonly Taint[],
  node: KObject,
  log: EffectLog,
): TaintWriteResult {
  const now = timestamp(state.clock.now);
  const stamped = toAdd.map((t) => ({ ...t, timeAdded: now }));
  const name = node.metadata.name!;
  const added = addOrUpdateTaintOnNode(state, client, name, stamped, node, log);
  if (!added.ok) return added;
  // The removal's first read is the node the add just wrote (what the API server cache would serve by then).
  return removeTaintOffNode(added.state, client, name, node, toRemove, log, added.node ?? node);
}
