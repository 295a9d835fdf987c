/**
 * A user's project (`kubeprop.config.ts`): their controllers, the starting cluster (manifests: the CRDs they own,
 * objects), the operations a user of their API performs, the faults allowed, and their invariants. Loaded, it is
 * a scope of the random checker and the explorer (its cluster, operations and faults) and a cluster config that
 * runs the controllers beside the built-in control plane: `kubeprop check --config FILE` checks it, and
 * `--controller FILE` is the quick case of one controller module with its manifests and examples beside it.
 */
import fc from "fast-check";
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import type { NodeSpec } from "../model/scenario/types.ts";
import { ScenarioError } from "../model/scenario/types.ts";
import { parseScenario } from "../model/scenario/parse.ts";
import { DEFAULT_CLUSTER_CONFIG, type ClusterConfig } from "../model/config.ts";
import { USER_CONTROLLER_KIND } from "../controller/kind.ts";
import type { Invariant } from "../invariants/types.ts";
import { controllerWorkersFinish } from "../invariants/controllers.ts";
import type { Scope, ScopeCluster } from "./scopes/types.ts";
import { componentRestarts } from "./scopes/common.ts";
import { InputError } from "./input-error.ts";
import { importModule } from "./plugins.ts";
import { operandOperations, resolveOperation } from "./project-operations.ts";

export { op } from "./project-operations.ts";

/** Fault families a project may allow. */
export type ProjectFault = "restart-controllers" | "restart-control-plane" | "compact" | "node-crash";

/** What a user writes in kubeprop.config.ts (`export default defineProject({...})`). */
export interface ProjectDefinition {
  readonly name: string;
  /** Controller modules, relative to the project file. */
  readonly controllers: readonly string[];
  /** Manifest files (YAML or JSON, multi-document), relative to the project file: created before the run. */
  readonly manifests?: readonly string[];
  /** More objects created before the run. */
  readonly objects?: readonly KObject[];
  /** Nodes (none by default: a controller of custom resources often needs none). */
  readonly nodes?: readonly NodeSpec[];
  /**
   * Objects a user of the project's API applies and deletes (`kubectl apply` of each, and a delete of each that
   * is there): the run's operands, with one drawn from each of `resources` when given.
   */
  readonly examples?: readonly KObject[];
  /**
   * fast-check arbitraries of objects (yours, or `customResourceArb(crd)` derived from a CRD's schema): each run
   * draws 1-3 operands from them, shrunk with the run. The explorer, which draws nothing, uses `examples` (or,
   * without examples, one object of each arbitrary drawn with seed 1).
   */
  readonly resources?: readonly fc.Arbitrary<KObject>[];
  /**
   * The operations a user performs, possible in this state (a deterministic list; see `op`), given the run's
   * operands. Default: kubectl apply and delete of each operand (project-operations.ts operandOperations).
   */
  operations?(state: State, operands: readonly KObject[]): readonly (Action | undefined)[];
  /** Faults the checker may inject (default: restarts of the user's controllers). */
  readonly faults?: readonly ProjectFault[];
  readonly maxFaults?: number;
  /** Logical seconds to let pass after the last operation before convergence is judged (default 60). */
  readonly settleTime?: number;
  /** Runs of `kubeprop check` (default 50). */
  readonly runs?: number;
  /** The project's invariants (safety and convergence), checked with the built-in ones. */
  readonly invariants?: readonly Invariant[];
}

export const defineProject = (p: ProjectDefinition): ProjectDefinition => p;

/** A loaded project: its definition, where it came from, and the scope and cluster config it makes. */
export interface Project {
  readonly file: string;
  /** How it was given: a project file (--config) or a controller module (--controller). */
  readonly from: "config" | "controller";
  readonly definition: ProjectDefinition;
  readonly scope: Scope;
  readonly config: ClusterConfig;
  readonly invariants: readonly Invariant[];
}

/** A path as the config names it: relative to where kubeprop runs, so a trace replays from the same folder. */
const asGiven = (base: string, p: string): string => {
  const abs = isAbsolute(p) ? p : resolve(base, p);
  const rel = relative(process.cwd(), abs);
  return rel.startsWith("..") || isAbsolute(rel) ? abs : rel;
};

function checkDefinition(file: string, d: unknown): ProjectDefinition {
  const p = d as Partial<ProjectDefinition> | undefined;
  const bad = (field: string, why: string): never => {
    throw new InputError(`${file}: ${field}: ${why}`);
  };
  if (!p || typeof p !== "object") bad("default export", "expected a project (export default defineProject({...}))");
  if (typeof p!.name !== "string" || p!.name === "") bad("name", "expected a non-empty string");
  if (!Array.isArray(p!.controllers) || p!.controllers.some((c) => typeof c !== "string")) bad("controllers", "expected a list of controller module files");
  if (p!.operations !== undefined && typeof p!.operations !== "function") bad("operations", "expected a function (state, operands) => actions");
  if (p!.examples !== undefined && (!Array.isArray(p!.examples) || p!.examples.some((o) => !isObjectRef(o)))) bad("examples", "expected a list of objects (apiVersion, kind, metadata.name)");
  if (p!.resources !== undefined && (!Array.isArray(p!.resources) || p!.resources.some((r) => !isArbitrary(r)))) bad("resources", "expected a list of fast-check arbitraries of objects");
  if (p!.invariants !== undefined && (!Array.isArray(p!.invariants) || p!.invariants.some((i) => typeof (i as Partial<Invariant> | null)?.id !== "string" || typeof (i as Partial<Invariant>).check !== "function"))) bad("invariants", "expected a list of invariants (id, description, kind, check)");
  if (p!.operations === undefined && !p!.examples?.length && !p!.resources?.length) bad("operations", "the project has no user operations: give operations, examples or resources");
  if (p!.manifests !== undefined && (!Array.isArray(p!.manifests) || p!.manifests.some((m) => typeof m !== "string"))) bad("manifests", "expected a list of manifest files");
  for (const [i, f] of (p!.faults ?? []).entries()) if (!["restart-controllers", "restart-control-plane", "compact", "node-crash"].includes(f)) bad(`faults[${i}]`, `unknown fault "${f}" (faults: restart-controllers, restart-control-plane, compact, node-crash)`);
  return p as ProjectDefinition;
}

/** The project's objects: its manifests read as a scenario reads them (CRDs first serve their resources), then its objects. */
function objectsOf(file: string, p: ProjectDefinition): KObject[] {
  const base = dirname(file);
  try {
    const sc = parseScenario(JSON.stringify({ name: p.name, manifests: p.manifests ?? [], objects: p.objects ?? [] }), file, (m) => readFileSync(isAbsolute(m) ? m : join(base, m), "utf8"));
    return [...sc.objects];
  } catch (e) {
    if (e instanceof ScenarioError) throw new InputError(e.message);
    throw e;
  }
}

/** Each run's cluster: the project's own, with the examples and 1-3 objects drawn from the resources as operands. */
function operandClusters(nodes: readonly NodeSpec[], objects: readonly KObject[], examples: readonly KObject[], resources: readonly fc.Arbitrary<KObject>[]): fc.Arbitrary<ScopeCluster> {
  return fc.array(fc.oneof(...resources), { minLength: 1, maxLength: 3 }).map((drawn) => ({ nodes, objects, operands: [...examples, ...drawn] }));
}

const isObjectRef = (o: unknown): boolean => {
  const x = o as Partial<KObject> | null;
  return !!x && typeof x.apiVersion === "string" && typeof x.kind === "string" && typeof x.metadata?.name === "string";
};

/** A fast-check arbitrary, whichever copy of fast-check made it (a user's module may load its own). */
const isArbitrary = (a: unknown): boolean => typeof (a as { generate?: unknown } | null)?.generate === "function" && typeof (a as { shrink?: unknown }).shrink === "function";

/** The project as a scope and a cluster config (the built-in control plane, and the user's controllers). */
export function projectOf(file: string, definition: unknown, from: Project["from"] = "config"): Project {
  const p = checkDefinition(file, definition);
  const base = dirname(resolve(file));
  p.controllers.forEach((c, i) => {
    if (!existsSync(isAbsolute(c) ? c : resolve(base, c))) throw new InputError(`${file}: controllers[${i}]: no such file ${c}`);
  });
  const controllers = p.controllers.map((c, i) => ({ id: `controller/${i === 0 ? p.name : `${p.name}-${i}`}`, kind: USER_CONTROLLER_KIND, options: { module: asGiven(base, c) } }));
  const config: ClusterConfig = { ...DEFAULT_CLUSTER_CONFIG, components: [...DEFAULT_CLUSTER_CONFIG.components, ...controllers] };
  const faults = p.faults ?? ["restart-controllers"];
  const ids = controllers.map((c) => c.id);
  const objects = objectsOf(resolve(file), p);
  const examples = p.examples ?? [];
  // The explorer's operands (and a run's without resources): the examples, else one object of each arbitrary.
  const defaults = examples.length > 0 ? examples : (p.resources ?? []).map((r) => fc.sample(r, { seed: 1, numRuns: 1 })[0]!);
  const scope: Scope = {
    id: p.name,
    description: `the project ${p.name} (${file})`,
    needs: [],
    nodes: p.nodes ?? [],
    objects,
    operands: defaults,
    ...(p.resources?.length ? { clusters: operandClusters(p.nodes ?? [], objects, examples, p.resources) } : {}),
    ops: (state, _rt, cluster) => {
      const operands = cluster?.operands ?? defaults;
      const actions: readonly (Action | undefined)[] = p.operations ? p.operations(state, operands) : operandOperations(state, operands);
      return actions.filter((a): a is Action => a !== undefined).map((a) => resolveOperation(state, a));
    },
    faults(state) {
      const out: Action[] = [];
      if (faults.includes("restart-controllers")) for (const id of ids) out.push({ type: "component.restart", component: id });
      if (faults.includes("restart-control-plane")) out.push(...componentRestarts(state).filter((a) => a.type === "component.restart" && !ids.includes(a.component)));
      if (faults.includes("compact")) out.push({ type: "store.compact" });
      if (faults.includes("node-crash")) for (const n of p.nodes ?? []) out.push({ type: "node.crash", node: n.name }, { type: "node.recover", node: n.name });
      return out;
    },
    warmUp: true,
    maxFaults: p.maxFaults ?? 1,
    settleTime: p.settleTime ?? 60,
    ...(p.runs !== undefined ? { runs: p.runs } : {}),
  };
  return { file, from, definition: p, scope, config, invariants: [controllerWorkersFinish, ...(p.invariants ?? [])] };
}

/** A module loaded from any folder (.ts, .mts or .js, whatever the nearest package.json says); bad input when it does not load. */
export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  try {
    return { ...(await importModule(file)) };
  } catch (e) {
    // esbuild's "Transform failed with 1 error:" says where on the next line.
    const lines = (e as Error).message.split("\n").filter((l) => l.trim() !== "");
    const why = lines[0]?.startsWith("Transform failed") && lines[1] ? lines[1].replace(/^.*?:(\d+:\d+): /, "line $1: ") : (lines[0] ?? String(e));
    throw new InputError(`${file}: cannot load (${why})`);
  }
}

/** Loads kubeprop.config.ts (or .mts, .js) from any folder. */
export async function loadProject(file: string): Promise<Project> {
  const mod = await importUserModule(file);
  return projectOf(file, mod.default ?? mod.project);
}

/**
 * The quick case (`--controller FILE`): a project of one controller module, with what the module exports beside
 * its controller — `manifests` (files relative to it: its CRDs), `examples` (objects a user applies and deletes),
 * `resources` (arbitraries of such objects), `invariants` — or its own `project` (a full definition).
 */
export async function loadControllerProject(file: string): Promise<Project> {
  const mod = (await importUserModule(file)) as { default?: { name?: unknown }; project?: unknown; manifests?: unknown; examples?: unknown; resources?: unknown; invariants?: unknown };
  if (mod.project !== undefined) return projectOf(file, mod.project, "controller");
  const name = mod.default?.name;
  if (typeof name !== "string") throw new InputError(`${file}: exports no controller (a default export with a name, watches and a reconcile)`);
  const definition = {
    name,
    controllers: [basename(file)],
    ...(mod.manifests !== undefined ? { manifests: mod.manifests } : {}),
    ...(mod.examples !== undefined ? { examples: mod.examples } : {}),
    ...(mod.resources !== undefined ? { resources: mod.resources } : {}),
    ...(mod.invariants !== undefined ? { invariants: mod.invariants } : {}),
  };
  if (definition.examples === undefined && definition.resources === undefined) throw new InputError(`${file}: exports no examples or resources (the objects a user of the controller applies and deletes)`);
  return projectOf(file, definition, "controller");
}
