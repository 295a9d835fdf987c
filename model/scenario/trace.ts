/**
 * A run's trace written as a scenario (the inverse of parse.ts for raw actions): the same settings, cluster
 * config, nodes and objects, and one raw action per step. It is what `kubeprop simulate` and `kubeprop replay`
 * read, so a counterexample replays exactly.
 */
import type { Scenario } from "./types.ts";
import type { Action } from "../actions.ts";
import { clusterConfig, type ClusterConfig, type ClusterSettings } from "../config.ts";

export interface TraceDocument {
  readonly name: string;
  readonly description?: string;
  readonly settings: ClusterSettings;
  /** What the cluster ran (model/config.ts): the whole config, so a trace replays the model that produced it. */
  readonly cluster: Pick<ClusterConfig, "components" | "nodeComponents" | "admission">;
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
  const { components, nodeComponents, admission, ...settings } = clusterConfig(sc.config);
  return {
    name: sc.name,
    ...(extra.description ? { description: extra.description } : {}),
    settings,
    cluster: { components, nodeComponents, admission },
    nodes: sc.nodes,
    objects: sc.objects,
    steps: actions,
    ...(extra.origin ? { origin: extra.origin } : {}),
    ...(extra.expectViolation ? { expectViolation: extra.expectViolation } : {}),
  };
}

/** Stable JSON text of a trace document (same input, same bytes). */
export const traceJson = (doc: TraceDocument): string => JSON.stringify(doc, null, 2) + "\n";

/** A counterexample's trace: the run's actions, where it came from, and the violation a replay must see again. */
export function counterexampleTrace(
  c: { readonly scenario: Pick<Scenario, "name" | "config" | "nodes" | "objects">; readonly actions: readonly Action[]; readonly invariant: string; readonly violationAt: number; readonly origin: Readonly<Record<string, unknown>> },
  description: string,
): TraceDocument {
  return traceDocument(c.scenario, c.actions, { description, origin: { ...c.origin }, expectViolation: { invariant: c.invariant, step: c.violationAt } });
}
