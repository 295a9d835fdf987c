/**
 * A run's trace written as a scenario: the same settings, nodes and objects, and one raw action per step. It is
 * what `kubeprop simulate` and `kubeprop replay` read, so a counterexample replays exactly.
 */
import type { Scenario } from "../model/scenario/types.ts";
import type { Action } from "../model/actions.ts";

export interface TraceDocument {
  readonly name: string;
  readonly description?: string;
  readonly settings?: Record<string, number>;
  readonly nodes: Scenario["nodes"];
  readonly objects: Scenario["objects"];
  readonly steps: readonly Action[];
  readonly origin?: Record<string, unknown>;
  readonly expectViolation?: { readonly invariant: string; readonly step: number };
}

export function traceDocument(
  sc: Pick<Scenario, "name" | "config" | "nodes" | "objects">,
  actions: readonly Action[],
  extra: { description?: string; origin?: Record<string, unknown>; expectViolation?: { invariant: string; step: number } } = {},
): TraceDocument {
  return {
    name: sc.name,
    ...(extra.description ? { description: extra.description } : {}),
    ...(Object.keys(sc.config).length ? { settings: { ...(sc.config as Record<string, number>) } } : {}),
    nodes: sc.nodes,
    objects: sc.objects,
    steps: actions,
    ...(extra.origin ? { origin: extra.origin } : {}),
    ...(extra.expectViolation ? { expectViolation: extra.expectViolation } : {}),
  };
}

/** Stable JSON text of a trace document (same input, same bytes). */
export const traceJson = (doc: TraceDocument): string => JSON.stringify(doc, null, 2) + "\n";
