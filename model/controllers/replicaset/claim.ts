/**
 * Adoption and release of pods through controller references. Follows pkg/controller/controller_ref_manager.go
 * (PodControllerRefManager.ClaimPods, BaseControllerRefManager.ClaimObject, CanAdopt, AdoptPod, ReleasePod,
 * RecheckDeletionTimestamp) and the sync handler's canAdoptFunc in pkg/controller/replicaset/replica_set.go
 * (claimPods).
 *
 * A pod belongs to the controller its controller reference names; the selector decides only for orphans
 * (adopt when it matches) and for the controller's own pods (release when it no longer matches). Before the
 * first adoption of a sync the controller re-reads itself from the API server, not from its cache: a cached
 * copy may not show that it is being deleted, and adopting pods into a controller that the garbage collector
 * is about to delete would take them down with it (kubernetes#42639).
 *
 * Kubernetes patches with a strategic merge patch that merges ownerReferences by uid and carries the pod's uid as
 * a precondition. The model's API server takes JSON merge patches, which replace the whole list, so each patch
 * also carries the cached resourceVersion: a pod whose owners changed since the cache saw it answers 409, and
 * the sync is retried, instead of the patch overwriting an owner added meanwhile.
 */
import type { State, ComponentState } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { controllerRefOf } from "../../objects/types.ts";
import type { Selector } from "../../labels/index.ts";
import type { EffectLog } from "../../effects.ts";
import { send } from "../../client.ts";
import { isStatus, type Status } from "../../apiserver/status.ts";
import type { ControllerFlavor } from "./flavor.ts";
import { newControllerRef } from "./pod-template.ts";

export interface ClaimResult {
  readonly state: State;
  /** The pods the controller owns after the claim (already owned and matching, or just adopted). */
  readonly claimed: readonly KObject[];
  /** Failed adoptions and releases (utilerrors.Aggregate); the sync returns an error and is retried. */
  readonly errors: readonly string[];
}

const isNotFound = (s: Status): boolean => s.code === 404;
const isInvalid = (s: Status): boolean => s.code === 422;

/** utilerrors.NewAggregate(errs).Error(). */
export function aggregateError(errors: readonly string[]): string | undefined {
  if (errors.length === 0) return undefined;
  return errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`;
}

/**
 * ClaimPods: walks the active pods of the namespace, keeps those the controller owns and its selector matches,
 * adopts matching orphans and releases owned pods that stopped matching. A controller being deleted neither
 * adopts nor releases (it keeps what it already owns).
 */
export function claimPods(
  state: State,
  c: ComponentState,
  owner: KObject,
  selector: Selector,
  pods: readonly KObject[],
  flavor: ControllerFlavor,
  log: EffectLog,
): ClaimResult {
  const ownerUid = owner.metadata.uid;
  const ownerDeleting = owner.metadata.deletionTimestamp !== undefined;
  const claimed: KObject[] = [];
  const errors: string[] = [];
  let s = state;
  // canAdoptOnce: the live re-read happens at most once per sync, and only if some pod is to be adopted.
  let canAdoptErr: string | null | undefined;
  const canAdopt = (): string | null => {
    if (canAdoptErr === undefined) {
      const r = recheckDeletionTimestamp(s, c, owner, flavor, log);
      s = r.state;
      canAdoptErr = r.error ?? null;
    }
    return canAdoptErr;
  };
  for (const pod of pods) {
    const matches = selector.matches(pod.metadata.labels ?? {});
    const ref = controllerRefOf(pod);
    if (ref) {
      // Owned by someone else: ignore. Owned by us and matching: ours, even while we are being deleted.
      if (ref.uid !== ownerUid) continue;
      if (matches) {
        claimed.push(pod);
        continue;
      }
      if (ownerDeleting) continue;
      const r = releasePod(s, c, owner, pod, log);
      s = r.state;
      // A pod that is gone needs no release; anything else is retried by the next sync.
      if (r.error !== undefined) errors.push(r.error);
      continue;
    }
    // An orphan: adopt it if it matches, unless we or it are being deleted.
    if (ownerDeleting || !matches) continue;
    if (pod.metadata.deletionTimestamp) continue;
    if (owner.metadata.namespace && owner.metadata.namespace !== pod.metadata.namespace) continue;
    const blocked = canAdopt();
    if (blocked !== null) {
      errors.push(`can't adopt Pod ${pod.metadata.namespace}/${pod.metadata.name} (${pod.metadata.uid}): ${blocked}`);
      continue;
    }
    const r = adoptPod(s, c, owner, pod, flavor, log);
    s = r.state;
    // Like Kubernetes, count the pod as the cache saw it (the patch changed only its owners).
    if (r.result === "adopted") claimed.push(pod);
    else if (r.result === "failed") errors.push(r.error);
  }
  return { state: s, claimed, errors };
}

/**
 * RecheckDeletionTimestamp with the ReplicaSet controller's getter: a live GET of the controller, which must
 * still be the same object (same uid) and not be being deleted.
 */
function recheckDeletionTimestamp(state: State, c: ComponentState, owner: KObject, flavor: ControllerFlavor, log: EffectLog): { state: State; error?: string } {
  const ns = owner.metadata.namespace!;
  const name = owner.metadata.name!;
  const r = send(state, c.id, { verb: "get", resource: flavor.resource, namespace: ns, name }, log);
  if (isStatus(r.result)) return { state: r.state, error: `can't recheck DeletionTimestamp: ${r.result.message}` };
  const fresh = r.result;
  if (fresh.metadata.uid !== owner.metadata.uid) {
    return { state: r.state, error: `can't recheck DeletionTimestamp: original ${flavor.kind} ${ns}/${name} is gone: got uid ${fresh.metadata.uid}, wanted ${owner.metadata.uid}` };
  }
  if (fresh.metadata.deletionTimestamp) {
    return { state: r.state, error: `${ns}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}` };
  }
  return { state: r.state };
}

type AdoptOutcome =
  | { readonly state: State; readonly result: "adopted" }
  | { readonly state: State; readonly result: "gone" }
  | { readonly state: State; readonly result: "failed"; readonly error: string };

/** AdoptPod: adds the controller reference (the API server refuses a second controller=true owner). */
function adoptPod(state: State, c: ComponentState, owner: KObject, pod: KObject, flavor: ControllerFlavor, log: EffectLog): AdoptOutcome {
  const ref = newControllerRef(owner, flavor);
  const others = (pod.metadata.ownerReferences ?? []).filter((o) => o.uid !== ref.uid);
  const r = send(
    state,
    c.id,
    {
      verb: "patch",
      resource: "pods",
      namespace: pod.metadata.namespace!,
      name: pod.metadata.name!,
      patch: { metadata: { ownerReferences: [...others, ref], uid: pod.metadata.uid, resourceVersion: pod.metadata.resourceVersion } },
    },
    log,
  );
  if (!isStatus(r.result)) return { state: r.state, result: "adopted" };
  // If the pod no longer exists, ignore the error; otherwise someone else claimed it first, or it changed.
  if (isNotFound(r.result)) return { state: r.state, result: "gone" };
  return { state: r.state, result: "failed", error: r.result.message };
}

/** ReleasePod: removes this controller's reference; a pod that is gone or was re-created needs nothing. */
function releasePod(state: State, c: ComponentState, owner: KObject, pod: KObject, log: EffectLog): { state: State; error?: string } {
  const rest = (pod.metadata.ownerReferences ?? []).filter((o) => o.uid !== owner.metadata.uid);
  const r = send(
    state,
    c.id,
    {
      verb: "patch",
      resource: "pods",
      namespace: pod.metadata.namespace!,
      name: pod.metadata.name!,
      patch: { metadata: { ownerReferences: rest.length > 0 ? rest : null, uid: pod.metadata.uid, resourceVersion: pod.metadata.resourceVersion } },
    },
    log,
  );
  if (!isStatus(r.result) || isNotFound(r.result) || isInvalid(r.result)) return { state: r.state };
  return { state: r.state, error: r.result.message };
}
