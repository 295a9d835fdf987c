/** Finding the resource a request or a manifest names: built-ins plus the CRD-defined ones in the state. */
import type { State } from "../state.ts";
import { BUILTIN_BY_ID, BUILTIN_RESOURCES, apiVersionOf, resourceId, type ResourceInfo } from "./resources.ts";

/** The resource with this id ("pods", "deployments.apps", "widgets.example.com"), or undefined. */
export function resolveResource(state: State, id: string): ResourceInfo | undefined {
  return BUILTIN_BY_ID.get(id) ?? state.api.customResources[id];
}

/** Every resource currently served. */
export function allResources(state: State): ResourceInfo[] {
  return [...BUILTIN_RESOURCES, ...Object.values(state.api.customResources)];
}

/** The resource of a manifest's apiVersion and kind (a RESTMapper lookup), or undefined. */
export function resourceForKind(state: State, apiVersion: string, kind: string): ResourceInfo | undefined {
  for (const info of BUILTIN_RESOURCES) if (info.kind === kind && apiVersionOf(info) === apiVersion) return info;
  for (const info of Object.values(state.api.customResources)) if (info.kind === kind && apiVersionOf(info) === apiVersion) return info;
  return undefined;
}

/** The resource of a kind name alone (first match), used to give "did you mean" hints. */
export function resourceForKindName(state: State, kind: string): ResourceInfo | undefined {
  return allResources(state).find((i) => i.kind === kind);
}

export { resourceId };
