/**
 * The lighter form of a user's controller: a pure `reconcile(key, cache)` that reads the informer cache and returns
 * the requests to make, for users who want the bounded explorer's exhaustive search and exact state counts over
 * their controller without writing a client's awaits.
 *
 * ```ts
 * export default defineReconciler({
 *   name: "configmap-copy",
 *   watches: [{ apiVersion: "v1", kind: "ConfigMap" }],
 *   reconcile(key, cache) {
 *     const [namespace, name] = key.split("/");
 *     const cm = cache.get("v1", "ConfigMap", name, namespace);
 *     if (!cm || name.endsWith("-copy") || cache.get("v1", "ConfigMap", `${name}-copy`, namespace)) return [];
 *     return [{ verb: "create", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `${name}-copy`, namespace }, data: cm.data } }];
 *   },
 * });
 * ```
 *
 * Semantics (what the model does with the requests; controller/worker.mjs adapts a reconciler into the async form,
 * so it runs through the same run log, controller/kind.ts):
 * - `reconcile` is called with the key and a read-only view of the controller's informer caches (the same
 *   `ObjectCache` as the async form's `ctx.cache`: synchronous, it may lag). It must be a pure function of them.
 * - The requests are sent one per model step, in order: the first in the `reconcile` step, each next one in a
 *   step of its own, so other components, the user and faults interleave between them, as between the awaited
 *   calls of an async reconcile. The step of the last request ends the reconcile.
 * - The first failure (an answer that is not 2xx: a Status) drops the requests after it and requeues the key, in
 *   the step that got it (controller-runtime requeues a reconcile that returns an error).
 * - A restart of the controller drops the requests not yet sent, with the rest of its memory, as a process
 *   restart does; the key is reconciled again once the new informers have listed.
 * - A reconcile that throws, or returns anything but a list of valid requests, sends nothing and is requeued, with
 *   a note in the step's effects saying why (as an async reconcile that throws).
 * - There is no `memory`: a reconciler has no state beyond the cluster it reads.
 */
import type { KubernetesObject, ObjectCache, PatchStrategy, Watch } from "./types.ts";

/** An object as a request sends it: its apiVersion and kind are required (the resource is found from them). */
export type RequestObject = KubernetesObject & { readonly apiVersion: string; readonly kind: string; readonly metadata: NonNullable<KubernetesObject["metadata"]> };

/** The object a delete names: apiVersion, kind, metadata.name and (for a namespaced kind) metadata.namespace. */
export type ObjectReference = {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
};

/**
 * A request a reconciler returns (plain JSON). A namespaced object without a namespace is in "default", as
 * client-node sends it.
 * - create: the object (metadata.name, or metadata.generateName);
 * - replace: the whole object (an update; with metadata.resourceVersion, a conflict is a 409);
 * - patch: the object's apiVersion, kind, name and namespace with the fields to change; a JSON merge patch unless
 *   `strategy` says otherwise (the model serves merge patches, and strategic ones without lists);
 * - delete: the object's apiVersion, kind, name and namespace.
 */
export type ReconcileRequest =
  | { readonly verb: "create"; readonly object: RequestObject }
  | { readonly verb: "replace"; readonly object: RequestObject }
  | { readonly verb: "patch"; readonly object: RequestObject; readonly strategy?: PatchStrategy }
  | { readonly verb: "delete"; readonly object: ObjectReference };

/** A pure controller: its name (component id "controller/<name>"), what it watches, and its reconcile. */
export interface ReconcilerDefinition {
  readonly name: string;
  readonly watches: readonly Watch[];
  reconcile(key: string, cache: ObjectCache): readonly ReconcileRequest[];
}

/**
 * The mark `defineReconciler` sets, which the worker recognises (a registered symbol, so a controller module that
 * imports its own instance of kubeprop marks it the same way).
 */
export const RECONCILER_MARK: unique symbol = Symbol.for("kubeprop.reconciler");

/** Declares a pure controller: `export default defineReconciler({ name, watches, reconcile(key, cache) { return [...] } })`. */
export const defineReconciler = (def: ReconcilerDefinition): ReconcilerDefinition => ({ ...def, [RECONCILER_MARK]: true }) as ReconcilerDefinition;
