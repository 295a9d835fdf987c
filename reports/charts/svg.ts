/**
 * A chart as SVG, laid out by Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz: the wasm ships inside
 * the package, so this runs in Node with no browser and no network). The DOT comes from dot.ts; the layout is
 * deterministic, so the same chart gives the same bytes.
 */
import { Graphviz } from "@hpcc-js/wasm-graphviz";
import type { ChartDefinition } from "../../model/lifecycles/types.ts";
import { toDot } from "./dot.ts";
import type { ChartExportOptions } from "./mermaid.ts";

let graphviz: Promise<Graphviz> | undefined;

/** The SVG document of a chart. */
export async function toSvg(def: ChartDefinition, opts: ChartExportOptions = {}): Promise<string> {
  graphviz ??= Graphviz.load();
  const gv = await graphviz;
  return gv.dot(toDot(def, opts), "svg");
}
