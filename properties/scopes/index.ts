/**
 * The scopes of the default suite (one file per scope). A scope is where the random checker and the explorer
 * look; together they cover every component.
 */
import { COMPONENT_BEHAVIORS } from "../../model/components/registry.ts";
import type { Scope } from "./types.ts";
import { namespaces } from "./namespaces.ts";
import { workloads } from "./workloads.ts";

export const SCOPES: readonly Scope[] = [namespaces, workloads];

/** Scopes whose components all exist in this build. */
export function availableScopes(): Scope[] {
  return SCOPES.filter((s) => s.needs.every((k) => COMPONENT_BEHAVIORS.has(k)));
}

export const scopeById = (id: string): Scope | undefined => SCOPES.find((s) => s.id === id);

export type { Scope } from "./types.ts";
