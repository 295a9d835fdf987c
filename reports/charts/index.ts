/**
 * Chart export: one document per lifecycle machine in Mermaid, DOT, SVG or JSON, optionally annotated with the
 * transition counts a run recorded (invariants/lifecycles.ts: EdgeCoverage, the `--coverage FILE` format).
 */
import { chartById, LIFECYCLE_CHARTS } from "../../model/lifecycles/catalog.ts";
import { isLifecycleMachineId } from "../../model/lifecycles/catalog.ts";
import type { LifecycleMachineId } from "../../model/lifecycles/types.ts";
import { toMermaid } from "./mermaid.ts";
import { toDot } from "./dot.ts";
import { toSvg } from "./svg.ts";
import { toChartJson } from "./json.ts";

/** The export formats. */
export const CHART_FORMATS = ["mermaid", "dot", "svg", "json"] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];

export const isChartFormat = (s: string): s is ChartFormat => (CHART_FORMATS as readonly string[]).includes(s);

const EXTENSIONS: Record<ChartFormat, string> = { mermaid: "mmd", dot: "dot", svg: "svg", json: "json" };

/** Transition counts per machine, by transition id. */
export type ChartCounts = Partial<Record<LifecycleMachineId, Readonly<Record<string, number>>>>;

/** One exported document. */
export interface ChartDocument {
  readonly machine: LifecycleMachineId;
  /** File name under the output directory, e.g. "pod.mmd". */
  readonly fileName: string;
  readonly content: string;
}

/** Exports one chart. */
export async function exportChart(id: LifecycleMachineId, format: ChartFormat, counts?: Readonly<Record<string, number>>): Promise<ChartDocument> {
  const chart = chartById(id);
  const def = chart.compiled.definition;
  const opts = counts ? { counts } : {};
  const content =
    format === "mermaid" ? toMermaid(def, opts) : format === "dot" ? toDot(def, opts) : format === "svg" ? await toSvg(def, opts) : toChartJson(chart, opts);
  return { machine: id, fileName: `${id}.${EXTENSIONS[format]}`, content };
}

/** Exports every chart, in LIFECYCLE_MACHINE_IDS order. */
export async function exportAllCharts(format: ChartFormat, counts: ChartCounts = {}): Promise<ChartDocument[]> {
  const out: ChartDocument[] = [];
  for (const c of LIFECYCLE_CHARTS) out.push(await exportChart(c.id, format, counts[c.id]));
  return out;
}

/**
 * The transition counts of a coverage document (an EdgeCoverage as JSON: { "<machine>": { "transitions":
 * { "<transition id>": n }, ... } }). Throws an Error naming the place of the first mistake.
 */
export function countsFromCoverage(doc: unknown): ChartCounts {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error("expected an object of machines");
  const out: ChartCounts = {};
  for (const [machine, v] of Object.entries(doc)) {
    if (!isLifecycleMachineId(machine)) throw new Error(`${machine}: unknown machine (expected one of ${LIFECYCLE_CHARTS.map((c) => c.id).join(", ")})`);
    const transitions = (v as { transitions?: unknown } | null)?.transitions;
    if (typeof transitions !== "object" || transitions === null || Array.isArray(transitions)) throw new Error(`${machine}.transitions: expected an object of counts`);
    const ids = new Set(chartById(machine).compiled.definition.transitions.map((t) => t.id));
    const counts: Record<string, number> = {};
    for (const [tid, n] of Object.entries(transitions)) {
      if (!ids.has(tid)) throw new Error(`${machine}.transitions.${tid}: no such transition`);
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new Error(`${machine}.transitions.${tid}: expected a non-negative integer`);
      counts[tid] = n;
    }
    out[machine] = counts;
  }
  return out;
}

export { toMermaid, toDot, toSvg, toChartJson };
