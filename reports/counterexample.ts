/**
 * A counterexample in its four forms: the replayable trace (a scenario of raw actions), a Markdown report, a
 * self-contained HTML viewer and a vitest file that replays it and asserts the violation.
 */
import type { Action } from "../model/actions.ts";
import { actorOf, describeAction } from "../model/actions.ts";
import type { Scenario } from "../model/scenario/types.ts";
import type { Invariant } from "../invariants/types.ts";
import { replayTrace, type ReplayResult } from "../properties/replay.ts";
import { changesBetween, type StepChanges } from "./changes.ts";
import { describeChange } from "./diff.ts";
import { traceJson, type TraceDocument } from "../model/scenario/trace.ts";
import { pluginFlags, reproduceCommand } from "../properties/session/reproduce.ts";
import { renderHtml } from "./html.ts";

export interface ReportStep {
  readonly index: number;
  readonly action: Action;
  readonly actor: string;
  readonly description: string;
  readonly requests: readonly string[];
  readonly notes: readonly string[];
  readonly changes: StepChanges;
}

export interface ReportModel {
  readonly title: string;
  readonly invariant: { readonly id: string; readonly description: string; readonly source: string };
  readonly origin: Readonly<Record<string, unknown>>;
  readonly violations: readonly { readonly message: string; readonly objects: readonly string[] }[];
  readonly violationAt: number | null;
  readonly nodes: readonly string[];
  readonly objects: readonly string[];
  readonly steps: readonly ReportStep[];
  /** Actors in order of first appearance, for the sequence diagram. */
  readonly actors: readonly string[];
}

/** Replays the trace and gathers everything the Markdown and HTML reports show. */
export function reportModel(doc: TraceDocument, scenario: Scenario, invariants: readonly Invariant[]): { model: ReportModel; replay: ReplayResult } {
  const replay = replayTrace(scenario, invariants, { keepStates: true });
  const inv = invariants.find((i) => i.id === doc.expectViolation?.invariant);
  const steps: ReportStep[] = replay.steps.map((st) => ({
    index: st.index,
    action: st.action,
    actor: actorOf(st.action),
    description: describeAction(st.action),
    requests: st.effects.flatMap((e) =>
      e.kind === "request" ? [`${e.client} → apiserver: ${e.verb} ${e.resource}${e.namespace ? ` ${e.namespace}/` : " "}${e.name ?? ""} → ${e.code}${e.message ? ` (${e.message})` : ""}`] : [],
    ),
    notes: st.effects.flatMap((e) => (e.kind === "note" ? [`${e.who}: ${e.text}`] : [])),
    changes: changesBetween(st.before, st.after),
  }));
  const actors: string[] = [];
  for (const st of replay.steps) {
    const a = actorOf(st.action);
    if (!actors.includes(a)) actors.push(a);
    for (const e of st.effects) if (e.kind === "request" && !actors.includes(e.client)) actors.push(e.client);
  }
  return {
    replay,
    model: {
      title: `Counterexample: ${doc.expectViolation?.invariant ?? "trace"}`,
      invariant: { id: inv?.id ?? doc.expectViolation?.invariant ?? "", description: inv?.description ?? "", source: inv?.source ?? "" },
      origin: doc.origin ?? {},
      violations: replay.violations.map((v) => ({ message: v.message, objects: v.objects })),
      violationAt: replay.violationAt ?? null,
      nodes: doc.nodes.map((n) => `${n.name} (${Object.entries(n.capacity).map(([k, v]) => `${k} ${v}`).join(", ")})`),
      objects: doc.objects.map((o) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name ?? o.metadata.generateName}`),
      steps,
      actors,
    },
  };
}

export function renderMarkdown(m: ReportModel, traceFile: string): string {
  const L: string[] = [];
  L.push(`# ${m.title}`, "");
  L.push(`**Invariant** \`${m.invariant.id}\`: ${m.invariant.description}${m.invariant.source ? ` (source: ${m.invariant.source})` : ""}`, "");
  L.push(`**Found by** \`${reproduceCommand(m.origin)}\` in scope \`${m.origin.scope}\`${m.origin.bug ? ` with bug \`${m.origin.bug}\` switched on` : ""}. Seed ${m.origin.seed}, fast-check path \`${m.origin.path}\`.`, "");
  L.push(`**Replay** \`npx kubeprop replay ${traceFile}${pluginFlags(m.origin)}\``, "");
  L.push("## Violation", "");
  const at = m.violationAt === null ? "not reproduced" : m.violationAt > m.steps.length ? "after the cluster settled (convergence)" : `after step ${m.violationAt}`;
  L.push(`Observed ${at}:`, "");
  for (const v of m.violations) L.push(`- ${v.message}${v.objects.length ? ` — ${v.objects.join(", ")}` : ""}`);
  L.push("", "## Initial cluster", "");
  L.push(`Nodes: ${m.nodes.length ? m.nodes.join("; ") : "none"}.`, "");
  L.push(`Objects: ${m.objects.length ? m.objects.join("; ") : "none"} (plus the system namespaces).`, "");
  L.push("## Steps", "");
  const warm = typeof m.origin.warmUpActions === "number" ? m.origin.warmUpActions : 0;
  if (warm > 0) L.push(`Steps 1-${warm} are the scope's warm-up: the cluster settling before the run's first choice (no user action, no fault).`, "");
  for (const st of m.steps) {
    L.push(`### ${st.index}. ${st.description}`, "");
    L.push(`Actor: \`${st.actor}\``, "");
    for (const r of st.requests) L.push(`- request: ${r}`);
    for (const n of st.notes) L.push(`- ${n}`);
    for (const c of st.changes.objects) {
      if (c.op !== "updated") L.push(`- ${c.op} ${c.object}`);
      else {
        L.push(`- updated ${c.object}`);
        for (const f of c.fields.slice(0, 12)) L.push(`  - \`${describeChange(f)}\``);
        if (c.fields.length > 12) L.push(`  - … ${c.fields.length - 12} more fields`);
      }
    }
    for (const w of st.changes.world) L.push(`- world: ${w}`);
    if (st.requests.length + st.notes.length + st.changes.objects.length + st.changes.world.length === 0) L.push("- no visible change (a cache or queue moved)");
    if (m.violationAt === st.index) L.push("", `**→ ${m.invariant.id} is violated here.**`);
    L.push("");
  }
  return L.join("\n");
}

/**
 * The vitest file. `libraryImport` is kubeprop's entry module (what `import … from "kubeprop"` loads) as an
 * import specifier from where the file is written; `pluginImports` are the run's plugin modules, likewise: their
 * invariants are checked too, as the run checked them.
 */
export function renderVitest(doc: TraceDocument, libraryImport: string, pluginImports: readonly string[] = []): string {
  const inv = doc.expectViolation!;
  const plugins = pluginImports.map((p, i) => `import { invariants as plugin${i} } from ${JSON.stringify(p)};\n`).join("");
  const invariants = pluginImports.length ? `[...ALL_INVARIANTS, ${pluginImports.map((_, i) => `...(plugin${i} ?? [])`).join(", ")}]` : "ALL_INVARIANTS";
  return `// Generated by kubeprop: replays a counterexample and asserts its violation.
// ${reproduceCommand(doc.origin ?? {})}
import { expect, it } from "vitest";
import { ALL_INVARIANTS, parseScenario, replayTrace } from ${JSON.stringify(libraryImport)};
${plugins}
const TRACE = ${JSON.stringify(JSON.stringify(doc))};

it(${JSON.stringify(`replays the ${inv.invariant} counterexample`)}, () => {
  const scenario = parseScenario(TRACE, "counterexample.json");
  // The trace carries the cluster config it ran with (a zoo bug's variant included).
  const r = replayTrace(scenario, ${invariants});
  expect(r.violations.map((v) => v.invariant)).toContain(${JSON.stringify(inv.invariant)});
  expect(r.violationAt).toBe(${inv.step});
});
`;
}

export interface RenderedCounterexample {
  readonly traceJson: string;
  readonly markdown: string;
  readonly html: string;
  readonly vitest: string;
}

export function renderCounterexample(
  doc: TraceDocument,
  scenario: Scenario,
  invariants: readonly Invariant[],
  names: { traceFile: string; libraryImport: string; pluginImports?: readonly string[] },
): RenderedCounterexample {
  const { model } = reportModel(doc, scenario, invariants);
  return {
    traceJson: traceJson(doc),
    markdown: renderMarkdown(model, names.traceFile),
    html: renderHtml(model),
    vitest: renderVitest(doc, names.libraryImport, names.pluginImports),
  };
}
