/**
 * Which keys an event on a watched kind enqueues (Watch.enqueue), shared by the model's user-controller kind
 * (controller/kind.ts) and the plain-process host (controller/host.ts), so a controller is woken by the same events
 * in both: the object's own "namespace/name", or its controlling owner's of the named kind (controller-runtime's
 * Owns, EnqueueRequestForOwner with OnlyControllerOwner). A handler function is each runner's own to call (the
 * model calls it in its worker), checked with `handlerKeys`.
 */
import { BUILTIN_RESOURCES, apiVersionOf, resourceId } from "../model/apiserver/resources.ts";
import type { Watch } from "./types.ts";

interface Named {
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly ownerReferences?: readonly { readonly kind: string; readonly name: string; readonly controller?: boolean }[] };
}

/** What is wrong with a controller's declared name and watches, or undefined (both runners refuse the same). */
export function definitionProblem(d: { readonly name: unknown; readonly watches: unknown }): string | undefined {
  if (typeof d.name !== "string" || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(d.name)) return `the controller's name must be a DNS label, got ${JSON.stringify(d.name)}`;
  if (!Array.isArray(d.watches) || d.watches.length === 0) return "the controller watches nothing (watches: [{ apiVersion, kind }])";
  for (const [i, w] of (d.watches as unknown[]).entries()) {
    const x = w as Partial<Watch> | null;
    if (typeof x?.apiVersion !== "string" || typeof x.kind !== "string") return `watches[${i}] needs an apiVersion and a kind`;
  }
  return undefined;
}

/** An object's work-queue key: "namespace/name", or "name" for a cluster-scoped object (client-go's MetaNamespaceKeyFunc). */
export const objectKey = (o: Named): string => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!);

/** The keys a "self" or owner watch enqueues for an event's object. */
export function declaredKeys(enqueue: "self" | { readonly owner: string }, object: Named): string[] {
  if (enqueue === "self") return [objectKey(object)];
  const owner = (object.metadata.ownerReferences ?? []).find((r) => r.controller === true && r.kind === enqueue.owner);
  return owner ? [object.metadata.namespace ? `${object.metadata.namespace}/${owner.name}` : owner.name] : [];
}

/**
 * What a watch's handler returned, as keys, or why it enqueues nothing: a handler that returns anything but a
 * list of strings enqueues nothing (controller/types.ts, Watch.enqueue).
 */
export function handlerKeys(returned: unknown): { readonly keys: string[] } | { readonly error: string } {
  if (!Array.isArray(returned) || returned.some((k) => typeof k !== "string")) return { error: `returned ${Array.isArray(returned) ? "a list with something but strings" : typeof returned}, not a list of keys (strings)` };
  return { keys: [...(returned as string[])] };
}

/** The resource id of a watched kind: a built-in's own, else "<plural>.<group>" (plural: given, or kind + "s"). */
export function watchedResource(w: Pick<Watch, "apiVersion" | "kind" | "plural">): string {
  const builtin = BUILTIN_RESOURCES.find((i) => i.kind === w.kind && apiVersionOf(i) === w.apiVersion);
  if (builtin) return resourceId(builtin);
  const group = w.apiVersion.includes("/") ? w.apiVersion.slice(0, w.apiVersion.indexOf("/")) : "";
  const plural = w.plural ?? `${w.kind.toLowerCase()}s`;
  return group ? `${plural}.${group}` : plural;
}

/**
 * The URL path a watched kind is listed and watched at, in all namespaces or in the watch's one: "/api/v1/pods",
 * "/apis/example.com/v1/namespaces/default/webapps".
 */
export function watchedPath(w: Pick<Watch, "apiVersion" | "kind" | "plural" | "namespace">): string {
  const resource = watchedResource(w);
  const plural = resource.includes(".") ? resource.slice(0, resource.indexOf(".")) : resource;
  const root = w.apiVersion.includes("/") ? `/apis/${w.apiVersion}` : `/api/${w.apiVersion}`;
  return w.namespace ? `${root}/namespaces/${encodeURIComponent(w.namespace)}/${plural}` : `${root}/${plural}`;
}
