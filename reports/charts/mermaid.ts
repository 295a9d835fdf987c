/**
 * A chart as a Mermaid `stateDiagram-v2` (renders on GitHub). Written from the chart's plain definition (no npm
 * package exports XState v5 to Mermaid): composite states as `state X { ... }` blocks with their `[*] -->`
 * initial child, final states `--> [*]`, one `A --> B : label` line per chart transition in the block of its
 * scope (see edges.ts), optionally with per-transition counts "label (n)".
 *
 * Mermaid state ids are global: a state whose key is unique in the chart uses it as its id; a key used twice
 * ("terminating" under Pending and Running) gets its path with "_" as id. Every atomic state is declared in its
 * block with its own name, `state "terminating" as Running_terminating` (composite states keep their id as
 * name: Mermaid has no alias for them).
 */
import type { ChartDefinition, ChartState } from "../../model/lifecycles/types.ts";
import { allStates } from "../../model/lifecycles/definition.ts";
import { drawnEdge, type DrawnEdge } from "./edges.ts";

/** The Mermaid ids of a chart's states, by path. */
export function mermaidIds(def: ChartDefinition): Map<string, string> {
  const states = allStates(def);
  const uses = new Map<string, number>();
  for (const s of states) uses.set(s.key, (uses.get(s.key) ?? 0) + 1);
  return new Map(states.map((s) => [s.path, uses.get(s.key) === 1 ? s.key : s.path.replace(/\./g, "_")]));
}

/** Options of the exporters. */
export interface ChartExportOptions {
  /** Counts per transition id; when given, every transition label ends with " (n)" (0 for none). */
  readonly counts?: Readonly<Record<string, number>>;
}

/** The Mermaid text of a chart. */
export function toMermaid(def: ChartDefinition, opts: ChartExportOptions = {}): string {
  const edgesByScope = new Map<string, DrawnEdge[]>();
  for (const t of def.transitions) {
    const e = drawnEdge(t, opts.counts ? (opts.counts[t.id] ?? 0) : undefined);
    const list = edgesByScope.get(e.scope) ?? [];
    list.push(e);
    edgesByScope.set(e.scope, list);
  }
  const ids = mermaidIds(def);
  const mermaidId = (path: string): string => ids.get(path)!;
  const lines: string[] = ["stateDiagram-v2"];
  const emit = (scope: string, states: readonly ChartState[], initialKey: string, depth: number) => {
    const pad = "  ".repeat(depth);
    const initial = states.find((s) => s.key === initialKey)!;
    for (const s of states) {
      const id = mermaidId(s.path);
      if (s.type === "compound") {
        lines.push(`${pad}state ${id} {`);
        emit(s.path, s.children, s.initial!, depth + 1);
        lines.push(`${pad}}`);
      } else {
        // Declared even when transitions name it: an inner state whose edges are all lifted appears nowhere else.
        lines.push(`${pad}state "${s.key}" as ${id}`);
      }
    }
    lines.push(`${pad}[*] --> ${mermaidId(initial.path)}`);
    for (const e of edgesByScope.get(scope) ?? []) lines.push(`${pad}${mermaidId(e.from)} --> ${mermaidId(e.to)} : ${e.label}`);
    for (const s of states) if (s.type === "final") lines.push(`${pad}${mermaidId(s.path)} --> [*]`);
  };
  emit("", def.states, def.initial, 1);
  return lines.join("\n") + "\n";
}
