/**
 * A chart as Graphviz DOT: composite states as clusters, each with a small initial dot pointing at its initial
 * child (UML's initial pseudo-state), atomic states as rounded boxes, final states with a double border. An edge
 * from or to a composite state starts or ends at the cluster's border (compound=true, ltail/lhead); an edge from
 * a composite state to one of its own children is dashed from its initial dot (Graphviz cannot start an edge on
 * the border of the cluster that contains its head).
 */
import type { ChartDefinition, ChartState } from "../../model/lifecycles/types.ts";
import { allStates, containsState } from "../../model/lifecycles/definition.ts";
import type { ChartExportOptions } from "./mermaid.ts";

const q = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const clusterId = (path: string): string => q(`cluster_${path}`);
const initialDot = (path: string): string => (path === "" ? "__start" : `${path}.__initial`);

/** The DOT text of a chart. */
export function toDot(def: ChartDefinition, opts: ChartExportOptions = {}): string {
  const byPath = new Map<string, ChartState>(allStates(def).map((s) => [s.path, s]));
  const endpoint = (path: string): string => (byPath.get(path)!.type === "compound" ? initialDot(path) : path);
  const lines: string[] = [
    `digraph ${q(def.id)} {`,
    "  rankdir=LR;",
    "  compound=true;",
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];

  const emitStates = (parent: string, states: readonly ChartState[], initialKey: string, depth: number) => {
    const pad = "  ".repeat(depth);
    const dot = initialDot(parent);
    lines.push(`${pad}${q(dot)} [shape=point, width=0.12, label=""];`);
    const initial = states.find((s) => s.key === initialKey)!;
    lines.push(`${pad}${q(dot)} -> ${q(endpoint(initial.path))}${initial.type === "compound" ? ` [lhead=${clusterId(initial.path)}]` : ""};`);
    for (const s of states) {
      if (s.type === "compound") {
        lines.push(`${pad}subgraph ${clusterId(s.path)} {`);
        lines.push(`${pad}  label=${q(s.key)}; style=rounded;${s.description ? ` tooltip=${q(s.description)};` : ""}`);
        emitStates(s.path, s.children, s.initial!, depth + 1);
        lines.push(`${pad}}`);
      } else {
        const attrs = [`label=${q(s.key)}`];
        if (s.type === "final") attrs.push("peripheries=2");
        if (s.description) attrs.push(`tooltip=${q(s.description)}`);
        lines.push(`${pad}${q(s.path)} [${attrs.join(", ")}];`);
      }
    }
  };
  emitStates("", def.states, def.initial, 1);

  for (const t of def.transitions) {
    const source = byPath.get(t.source)!;
    const target = byPath.get(t.target)!;
    const attrs: string[] = [];
    const count = opts.counts ? (opts.counts[t.id] ?? 0) : undefined;
    attrs.push(`label=${q(`${t.event}${t.guard ? ` [${t.guard}]` : ""}${count !== undefined ? ` (${count})` : ""}`)}`);
    if (source.type === "compound") {
      if (containsState(t.source, t.target)) attrs.push("style=dashed");
      else attrs.push(`ltail=${clusterId(t.source)}`);
    }
    if (target.type === "compound" && !containsState(t.target, t.source)) attrs.push(`lhead=${clusterId(t.target)}`);
    if (count === 0) attrs.push('color="gray60"', 'fontcolor="gray40"');
    attrs.push(`tooltip=${q(t.id)}`);
    lines.push(`  ${q(endpoint(t.source))} -> ${q(endpoint(t.target))} [${attrs.join(", ")}];`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}
