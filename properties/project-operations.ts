/**
 * A project's user operations: requests a user of the project's API makes (`op`), and the operations made from a
 * run's operands (objects, given or generated: `kubectl apply` each, delete what is there).
 */
import type { Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import { resourceForKind } from "../model/apiserver/lookup.ts";
import { resourceId } from "../model/apiserver/resources.ts";
import { handle } from "../model/apiserver/handle.ts";
import { isStatus } from "../model/apiserver/status.ts";
import { kubectlApply } from "./kubectl-apply.ts";
import { userRequests, type ObjectRef } from "./user-requests.ts";

/** Building a user operation (user-requests.ts), and `kubectl apply` of an object in a state. */
export const op = {
  ...userRequests,
  /**
   * `kubectl apply` of the object in this state: a create (with kubectl's last-applied annotation) when it is
   * absent, a three-way merge patch when it differs from what was last applied, nothing when there is nothing
   * to change.
   */
  apply: (state: State, obj: KObject): Action | undefined => kubectlApply(obj, liveObject(state, obj)),
};

/**
 * The operation with its resource resolved in this state ("@apiVersion/Kind" → the resource id the API server
 * serves: a custom resource's only exists once its CRD does).
 */
export function resolveOperation(state: State, a: Action): Action {
  if (a.type !== "api" || !a.request.resource.startsWith("@")) return a;
  const ref = a.request.resource.slice(1);
  const slash = ref.lastIndexOf("/");
  const info = resourceForKind(state, ref.slice(0, slash), ref.slice(slash + 1));
  return info ? { ...a, request: { ...a.request, resource: resourceId(info) } as typeof a.request } : a;
}

/** The object as the API has it now (read through the API server, as a user would see it). */
export function liveObject(state: State, o: ObjectRef): KObject | undefined {
  const info = resourceForKind(state, o.apiVersion, o.kind);
  if (!info) return undefined;
  const r = handle(state, { verb: "get", resource: resourceId(info), ...(info.namespaced ? { namespace: o.metadata.namespace ?? "default" } : {}), name: o.metadata.name! }).result;
  return isStatus(r) ? undefined : (r as KObject);
}

const identity = (o: ObjectRef) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;

/**
 * The operations on a run's operands, in operand order: `kubectl apply` of each (a create when the object is
 * absent, a three-way patch when what it would change differs: kubectl-apply.ts), and a delete of each object
 * present. An object being deleted is left alone.
 */
export function operandOperations(state: State, operands: readonly KObject[]): Action[] {
  const out: Action[] = [];
  const seen = new Set<string>();
  for (const o of operands) {
    const id = identity(o);
    const live = liveObject(state, o);
    if (live?.metadata.deletionTimestamp) continue;
    const applied = kubectlApply(o, live);
    if (applied) out.push(applied);
    if (live && !seen.has(id)) out.push(op.delete(o));
    seen.add(id);
  }
  return dedupe(out);
}

/** Operands that are the same object make the same operation once. */
function dedupe(actions: readonly Action[]): Action[] {
  const keys = new Set<string>();
  return actions.filter((a) => {
    const k = JSON.stringify(a);
    if (keys.has(k)) return false;
    keys.add(k);
    return true;
  });
}
