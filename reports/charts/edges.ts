/**
 * How a chart transition is drawn when a diagram language cannot connect states inside different composite
 * states (Mermaid cannot: "you can not define transitions between internal states belonging to different
 * composite states"). The edge is drawn between the ancestors of source and target that are children of their
 * deepest common proper ancestor (its scope), and the label says which inner states it really leaves and enters.
 */
import type { ChartTransition } from "../../model/lifecycles/types.ts";

/** A transition as drawn: its scope (the composite it is declared in; "" = the root) and its drawn endpoints. */
export interface DrawnEdge {
  readonly transition: ChartTransition;
  readonly scope: string;
  readonly from: string;
  readonly to: string;
  /** event [guard], then "from X" / "to Y" when an endpoint was lifted, then " (n)" when counts are given. */
  readonly label: string;
}

const parentOf = (p: string): string => (p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "");
const isProperAncestor = (a: string, p: string): boolean => a === "" || p.startsWith(a + ".");

/** The child of `scope` that is `path` or contains it. */
function childOfScope(scope: string, path: string): string {
  const rest = scope === "" ? path : path.slice(scope.length + 1);
  const head = rest.split(".")[0]!;
  return scope === "" ? head : `${scope}.${head}`;
}

/** `path` relative to `base` ("Running.ready" relative to "Running" is "ready"). */
const relative = (base: string, path: string): string => (path.startsWith(base + ".") ? path.slice(base.length + 1) : path);

/** The drawn edge of a transition (optionally with its count). */
export function drawnEdge(t: ChartTransition, count?: number): DrawnEdge {
  // Deepest state that is a proper ancestor of both endpoints.
  let scope = parentOf(t.source);
  while (!isProperAncestor(scope, t.target)) scope = parentOf(scope);
  const from = childOfScope(scope, t.source);
  const to = childOfScope(scope, t.target);
  const parts = [t.event];
  if (t.guard) parts.push(`[${t.guard}]`);
  if (from !== t.source) parts.push(`from ${relative(from, t.source)}`);
  if (to !== t.target) parts.push(`to ${relative(to, t.target)}`);
  if (count !== undefined) parts.push(`(${count})`);
  return { transition: t, scope, from, to, label: parts.join(" ") };
}
