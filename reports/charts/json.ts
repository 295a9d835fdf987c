/**
 * A chart as JSON: the machine's own config (what was passed to createMachine: states, transitions, named
 * guards, descriptions; functions such as the context factory are not data and are left out), the plain chart
 * definition the other exporters read, and the phase-level view.
 */
import type { LifecycleChart } from "../../model/lifecycles/catalog.ts";
import { phaseGraph } from "../../model/lifecycles/phases.ts";
import type { ChartExportOptions } from "./mermaid.ts";

/** The JSON text of a chart (with counts per transition when given). */
export function toChartJson(chart: LifecycleChart<any, any>, opts: ChartExportOptions = {}): string {
  const g = phaseGraph(chart.id);
  const doc = {
    id: chart.id,
    title: chart.title,
    kind: chart.kind,
    config: chart.machine.config,
    definition: chart.compiled.definition,
    phases: { phases: g.phases, edges: g.edges, terminal: g.terminal },
    ...(opts.counts ? { counts: Object.fromEntries(chart.compiled.definition.transitions.map((t) => [t.id, opts.counts![t.id] ?? 0])) } : {}),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
