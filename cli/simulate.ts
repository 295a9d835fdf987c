/** `kubeprop simulate FILE`: run a scenario (or a counterexample trace) and show what happened. */
import type { Command } from "commander";
import { parseScenario } from "../model/scenario/parse.ts";
import { runScenario, type RunResult } from "../model/scenario/run.ts";
import { ScenarioError } from "../model/scenario/types.ts";
import { describeAction } from "../model/actions.ts";
import { btreeValues } from "../model/collections/btree.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import type { Invariant, Violation } from "../invariants/types.ts";
import { monitorObserver } from "../invariants/monitor.ts";
import { loadPlugins, NO_PLUGINS, type Plugins } from "../properties/plugins.ts";
import { KUBEPROP_KINDS } from "../controller/kinds.ts";
import type { Project } from "../properties/project.ts";
import { traceDocument, traceJson } from "../model/scenario/trace.ts";
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_VIOLATION, UsageError } from "./errors.ts";
import { readerBeside, writeOut } from "./io.ts";
import { intOption, projectOfOptions } from "./check.ts";
import { findProjectFile } from "./find-project.ts";
import { unschedulableSummary } from "./pending-pods.ts";
import { workloadSummary } from "./workload-summary.ts";
import { readSimulationInput } from "./manifest-files.ts";
import { scenarioGuard } from "./scenario-guard.ts";
import { placeInManifests, type ManifestPlace } from "../model/scenario/manifest-set.ts";
import { describeUnsettled } from "../model/scenario/unsettled.ts";
import type { Scenario } from "../model/scenario/types.ts";

/** A scenario file, or a manifest file or folder read as one (cli/manifest-files.ts). */
export function loadScenario(file: string): Scenario {
  const input = readSimulationInput(file);
  if ("set" in input) return input.set.scenario;
  return scenarioGuard(() => parseScenario(input.text, file, readerBeside(file)));
}

export { scenarioGuard };

/** A scenario to simulate, with the user's project it runs against, if any. */
export interface Simulation {
  /** What runs: with a project, its nodes and objects first, then the scenario's, under the project's cluster config. */
  readonly scenario: Scenario;
  readonly file: string;
  /** The project: its cluster config, objects and invariants (--config, --controller or the current folder's), or only its invariants (a trace naming its project). */
  readonly project?: Project;
  /** How the project came: given (a flag or the current folder) or named by the trace's origin. */
  readonly projectFrom?: "given" | "trace";
  /** For a manifest file or folder: where each of its objects was written (the scenario's objects after the project's). */
  readonly manifestPlaces?: readonly ManifestPlace[];
}

export interface SimulateOptions {
  /** --plugin FILE...: invariants from modules (properties/plugins.ts); default: the plugins a trace names. */
  plugin?: string[];
  json?: boolean;
  /** -v: show the node heartbeats too. */
  verbose?: boolean;
  out?: string;
  /** --config FILE: run against a user's project (kubeprop.config.ts). */
  config?: string;
  /** --controller FILE: run against a project of one controller module. */
  controller?: string;
  /** --max-steps N: the step budget of a settle or advance step that sets none itself. */
  maxSteps?: string;
}

/** The step budget of a settle that sets none (model/settle.ts's default): a cluster that is not quiet by then is reported, not waited for. */
export const DEFAULT_SETTLE_STEPS = 100_000;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * The scenario and the project it runs against. A project given (--config, --controller, or else the current
 * folder's kubeprop.config.ts) brings its cluster config (its controllers beside the built-in control plane), its
 * nodes and objects, created before the scenario's (its CRDs first, so the scenario may name their resources),
 * and its invariants. A scenario with its own `cluster:` section says what runs itself: with a flag that is bad
 * input, and a project in the current folder is not used. A trace written by a run against a project names the
 * project in its origin (its cluster and objects are already in the trace): its invariants are loaded from there.
 */
export async function loadSimulation(file: string, o: Pick<SimulateOptions, "config" | "controller"> = {}): Promise<Simulation> {
  const input = readSimulationInput(file);
  if ("set" in input) {
    const set = input.set;
    // Ordinary manifests: created on the default nodes, or after the project's own objects on its cluster.
    const project = await projectOfOptions(o, true);
    if (!project) return { scenario: set.scenario, file, manifestPlaces: set.places };
    const sc = set.scenario;
    return {
      scenario: { ...sc, config: { ...project.config, ...sc.config }, nodes: project.scope.nodes.length > 0 ? project.scope.nodes : sc.nodes, objects: [...project.scope.objects, ...sc.objects] },
      file,
      project,
      projectFrom: "given",
      manifestPlaces: set.places,
    };
  }
  const { text, docs } = input;
  const doc = docs.length === 1 && isObj(docs[0]) ? docs[0] : {};
  const origin = isObj(doc.origin) ? doc.origin : {};
  const named = {
    ...(typeof origin.config === "string" ? { config: origin.config } : {}),
    ...(typeof origin.controller === "string" ? { controller: origin.controller } : {}),
  };
  const traced = named.config ?? named.controller;
  const flag = o.config !== undefined ? `--config ${o.config}` : o.controller !== undefined ? `--controller ${o.controller}` : undefined;
  if (flag !== undefined && traced !== undefined) throw new UsageError(`${file}: origin: the trace names its project ${traced} and loads it itself; simulate it without ${flag}`);
  if (flag !== undefined && doc.cluster !== undefined) throw new UsageError(`${file}: cluster: the scenario has its own cluster: section, and ${flag} gives the project's; give one (without its cluster: section the scenario runs against the project)`);
  if (traced !== undefined) {
    const project = await projectOfOptions(named);
    return { scenario: scenarioGuard(() => parseScenario(text, file, readerBeside(file))), file, ...(project ? { project, projectFrom: "trace" as const } : {}) };
  }
  if (doc.cluster !== undefined) {
    const found = flag === undefined ? foundQuietly() : undefined;
    if (found !== undefined) process.stderr.write(`not using project ${found} (found in the current folder): ${file} has its own cluster: section\n`);
    return { scenario: scenarioGuard(() => parseScenario(text, file, readerBeside(file))), file };
  }
  const project = await projectOfOptions(o, true);
  if (!project) return { scenario: scenarioGuard(() => parseScenario(text, file, readerBeside(file))), file };
  const before = project.scope.objects;
  const sc = scenarioGuard(() => parseScenario(text, file, readerBeside(file), { before }));
  return {
    scenario: { ...sc, config: { ...project.config, ...sc.config }, nodes: [...project.scope.nodes, ...sc.nodes], objects: [...before, ...sc.objects] },
    file,
    project,
    projectFrom: "given",
  };
}

/** The current folder's project file, if exactly one (only to say it is not used). */
function foundQuietly(): string | undefined {
  try {
    return findProjectFile();
  } catch {
    return undefined;
  }
}

/**
 * A mistake found while building the initial cluster, named where it was written: the project's nodes, objects
 * and controllers come first in the run, so a place among them is the project file's, and a place among the
 * scenario's own is counted from the scenario's first.
 */
function placed(sim: Simulation, e: ScenarioError): ScenarioError {
  const p = sim.projectFrom === "given" ? sim.project : undefined;
  if (sim.manifestPlaces) {
    const n = p ? p.scope.objects.length : 0;
    const m = /^objects\[(\d+)\](.*)$/.exec(e.where);
    if (m && Number(m[1]) >= n) return placeInManifests(new ScenarioError(e.file, `objects[${Number(m[1]) - n}]${m[2]}`, e.why), sim.manifestPlaces);
    if (m && p) return new ScenarioError(p.file, e.where, e.why);
    if (!p || !m) return e;
  }
  if (!p) return e;
  if (e.where.startsWith("cluster")) return new ScenarioError(p.file, e.where, e.why);
  const m = /^(objects|nodes)\[(\d+)\](.*)$/.exec(e.where);
  if (!m) return e;
  const n = m[1] === "objects" ? p.scope.objects.length : p.scope.nodes.length;
  const i = Number(m[2]);
  return i < n ? new ScenarioError(p.file, `${m[1]}[${i}]${m[3]}`, e.why) : new ScenarioError(e.file, `${m[1]}[${i - n}]${m[3]}`, e.why);
}

/** The safety invariants a simulation is watched by: the built-in ones and the project's. */
export const simulationInvariants = (project?: Project): readonly Invariant[] => [...ALL_INVARIANTS, ...(project?.invariants ?? [])].filter((i) => i.kind === "safety");

/** Runs a simulation, the invariant monitor (the project's invariants too) watching every step: the first safety violation stops it. */
export function runSimulation(sim: Simulation, settleMaxSteps = DEFAULT_SETTLE_STEPS, plugins: Plugins = NO_PLUGINS): RunResult<Violation> {
  const invariants = [...simulationInvariants(sim.project), ...plugins.invariants.filter((i) => i.kind === "safety")];
  try {
    return runScenario(sim.scenario, { observer: monitorObserver(invariants), file: sim.file, kinds: KUBEPROP_KINDS, settleMaxSteps });
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(placed(sim, e).message);
    throw e;
  }
}

/**
 * Where a trace written by simulate says it came from: the project it ran against and the plugins whose invariants
 * watched it, so it simulates and replays with no flags.
 */
export function simulationOrigin(sim: Simulation, plugins: Plugins = NO_PLUGINS): Record<string, unknown> | undefined {
  const origin = { ...(sim.project ? { [sim.project.from]: sim.project.file } : {}), ...(plugins.files.length > 0 ? { plugins: [...plugins.files] } : {}) };
  return Object.keys(origin).length > 0 ? origin : undefined;
}

/** The plugins of a simulation: --plugin's, else those the trace's origin names (as replay loads them). */
export function simulationPlugins(sim: Simulation, given: readonly string[] | undefined): Promise<Plugins> {
  const named = sim.scenario.origin?.plugins;
  return loadPlugins(given ?? (Array.isArray(named) ? named.map(String) : []));
}

/** The final state as `--json` prints it. */
export function simulateJson(r: RunResult<Violation>, notConverged: readonly Violation[] = []): object {
  const objects = [];
  for (const kv of btreeValues(r.state.store.kvs)) objects.push(kv.value);
  return {
    objects,
    nodes: btreeValues(r.state.world.machines),
    violations: [
      ...r.violations,
      ...r.expectationFailures.map((m) => ({ invariant: "expect", objects: [], message: m })),
      ...notConverged,
      ...r.unsettled.map((u) => ({ invariant: "settle", objects: [], message: `steps[${u}]: ${describeUnsettled(r.trace, u, r.state)}` })),
    ],
    events: objects.filter((o) => o.kind === "Event"),
  };
}

/**
 * For a manifest set, which has no `expect` steps of its own: the convergence invariants (the built-in ones and the
 * project's), judged once the settle that ends the run was quiet. A scenario says what it expects itself.
 */
export function manifestConvergence(sim: Simulation, r: RunResult<Violation>, plugins: Plugins = NO_PLUGINS): readonly Violation[] {
  if (!sim.manifestPlaces || r.unsettled.length > 0 || r.violations.length > 0) return [];
  return [...ALL_INVARIANTS, ...(sim.project?.invariants ?? []), ...plugins.invariants].filter((i) => i.kind === "convergence").flatMap((i) => i.check(r.state));
}

/**
 * A kubelet's heartbeat: its Node status patch and its Lease renewal, every 10 s per node. They are most of a
 * settle's requests and say nothing about what the scenario does, so the summary leaves them out unless verbose.
 */
export const isHeartbeat = (e: { readonly client: string; readonly verb: string; readonly resource: string; readonly name?: string }): boolean =>
  e.client.startsWith("kubelet/") && ((e.verb === "patch" && e.resource === "nodes" && e.client === `kubelet/${e.name}`) || e.resource === "leases.coordination.k8s.io");

/** An expect step as the summary shows it: what it looks at, ✓ or ✗ and why. */
function expectLine(sc: Scenario, step: number, failure: string | undefined): string {
  const st = sc.steps[step];
  const e = st?.kind === "expect" ? st.expect : undefined;
  const what = e ? `${e.resource} ${e.namespace ? `${e.namespace}/` : ""}${e.name}${e.exists === false ? " is gone" : ""}${Object.entries(e.fields ?? {}).map(([k, v]) => ` ${k}=${JSON.stringify(v)}`).join("")}` : "";
  return `[${step + 1}] expect ${what} ${failure ? `✗ ${failure}` : "✓"}`;
}

function summarize(sim: Simulation, r: RunResult<Violation>, notConverged: readonly Violation[], verbose = false): string {
  const sc = sim.scenario;
  const lines: string[] = [];
  lines.push(`scenario: ${sc.name}${sc.description ? ` — ${sc.description}` : ""}`);
  const p = sim.project;
  if (p && sim.projectFrom === "given") {
    const controllers = p.definition.controllers.length;
    lines.push(`project: ${p.definition.name} (${p.file}): ${controllers} controller${controllers === 1 ? "" : "s"} beside the control plane, ${p.scope.objects.length} object${p.scope.objects.length === 1 ? "" : "s"} and ${p.scope.nodes.length} node${p.scope.nodes.length === 1 ? "" : "s"} first, ${p.invariants.length} invariant${p.invariants.length === 1 ? "" : "s"}`);
  } else if (p) lines.push(`project: ${p.definition.name} (${p.file}, named by the trace): its invariants`);
  lines.push(`nodes: ${sc.nodes.length}, initial objects: ${sc.objects.length}, steps: ${sc.steps.length}`);
  let lastStep = -1;
  let settleCount = 0;
  let requests = 0;
  let heartbeats = 0;
  const flush = () => {
    if (settleCount > 0) lines.push(`    … ${settleCount} component actions, ${requests} API requests${heartbeats > 0 ? ` (${heartbeats} node heartbeats not shown; -v shows them)` : ""}`);
    settleCount = 0;
    requests = 0;
    heartbeats = 0;
  };
  // expect steps leave no trace entry: each is shown where it ran, between the steps around it.
  const expects = [...(r.expectations ?? [])];
  const expectsBefore = (step: number) => {
    while (expects.length > 0 && expects[0]!.step < step) {
      const x = expects.shift()!;
      flush();
      lines.push(expectLine(sc, x.step, x.failure));
    }
  };
  for (const t of r.trace) {
    expectsBefore(t.step);
    const st = sc.steps[t.step]!;
    if (st.kind === "settle" || st.kind === "advance") {
      if (t.step !== lastStep) {
        flush();
        lines.push(`[${t.step + 1}] ${st.kind === "settle" ? "settle" : `advance ${st.seconds}s`}`);
      }
      settleCount++;
      for (const e of t.effects) if (e.kind === "request") {
        requests++;
        if (!verbose && isHeartbeat(e)) heartbeats++;
        else if (e.verb !== "get" && e.verb !== "list") lines.push(`    ${e.client}: ${e.verb} ${e.resource} ${e.namespace ? e.namespace + "/" : ""}${e.name ?? ""} → ${e.code}${e.message ? ` ${e.message}` : ""}`);
      }
    } else {
      flush();
      lines.push(`[${t.step + 1}] ${describeAction(t.action)}`);
      for (const e of t.effects) {
        if (e.kind === "request") lines.push(`    → ${e.code}${e.message ? ` ${e.message}` : ""}`);
        else lines.push(`    ${e.who}: ${e.text}`);
      }
    }
    lastStep = t.step;
  }
  expectsBefore(Number.POSITIVE_INFINITY);
  flush();
  for (const u of r.unsettled) lines.push(`step ${u + 1} (${sc.steps[u]?.kind ?? "settle"}): ${describeUnsettled(r.trace, u, r.state)}`);
  const counts = new Map<string, number>();
  for (const kv of btreeValues(r.state.store.kvs)) counts.set(kv.value.kind, (counts.get(kv.value.kind) ?? 0) + 1);
  lines.push(`final: clock ${r.state.clock.now}s, revision ${r.state.store.revision}, objects: ${[...counts].sort().map(([k, n]) => `${k} ${n}`).join(", ")}`);
  for (const u of unschedulableSummary(r.state)) lines.push(`pending: ${u}`);
  if (sim.manifestPlaces) for (const w of workloadSummary(r.state)) lines.push(`workload: ${w}`);
  for (const v of notConverged) lines.push(`NOT CONVERGED ${v.invariant}: ${v.message}`);
  for (const f of r.expectationFailures) lines.push(`expectation failed: ${f}`);
  for (const v of r.violations) lines.push(`VIOLATION ${v.invariant} at action ${r.violationAt}: ${v.message}`);
  if (r.violations.length === 0 && r.expectationFailures.length === 0 && notConverged.length === 0) {
    lines.push(r.unsettled.length > 0 ? "no violation, but the cluster was not quiet" : sim.manifestPlaces ? "no violation; the cluster converged" : "no violation");
  }
  return lines.join("\n");
}

export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description("run a scenario or a counterexample trace and print what happened")
    .argument("<file>", "scenario file (YAML or JSON), or Kubernetes manifests: a file or a folder, as for kubectl apply -f")
    .option("--json", "print the final state as JSON on stdout, nothing else")
    .option("-v, --verbose", "also show the kubelets' node heartbeats (status patches, lease renewals)")
    .option("--plugin <file...>", "also watch the run with the invariants of these modules (exports invariants); default: the plugins a trace names")
    .option("--out <dir>", "also write the run's trace (replayable) and final state under this directory")
    .option("--config <file>", "run against your project: kubeprop.config.ts (its controllers, objects and invariants; default: the current folder's, if any)")
    .option("--controller <file>", "run against one controller module (with its manifests and invariants beside it)")
    .option("--max-steps <n>", `step budget of each settle or advance that sets none itself (default ${DEFAULT_SETTLE_STEPS}); a cluster not quiet by then fails the run`)
    .action(async (file: string, opts: SimulateOptions) => {
      const maxSteps = intOption("max-steps", opts.maxSteps, 1);
      const sim = await loadSimulation(file, opts);
      const plugins = await simulationPlugins(sim, opts.plugin);
      const r = runSimulation(sim, maxSteps, plugins);
      const notConverged = manifestConvergence(sim, r, plugins);
      if (opts.out) {
        const origin = simulationOrigin(sim, plugins);
        writeOut(opts.out, "trace.json", traceJson(traceDocument(sim.scenario, r.trace.map((t) => t.action), origin ? { origin } : {})));
        writeOut(opts.out, "final-state.json", JSON.stringify(simulateJson(r, notConverged), null, 2) + "\n");
      }
      if (opts.json) process.stdout.write(JSON.stringify(simulateJson(r, notConverged), null, 2) + "\n");
      else process.stdout.write(summarize(sim, r, notConverged, opts.verbose === true) + "\n");
      // A settle that ran out of steps fails the run as a failed expectation does: the scenario did not reach rest.
      process.exitCode = r.violations.length > 0 || r.expectationFailures.length > 0 || r.unsettled.length > 0 || notConverged.length > 0 ? EXIT_VIOLATION : EXIT_OK;
    });
}

export { EXIT_BAD_INPUT };
