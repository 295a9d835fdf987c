/**
 * A user's project (`kubeprop.config.ts`): their controllers, the starting cluster (manifests: the CRDs they own,
 * objects), the operations a user of their API performs, the faults allowed, and their invariants. Loaded, it is
 * a scope of the random checker and the explorer (its cluster, operations and faults) and a cluster config that
 * runs the controllers beside the built-in control plane: `kubeprop check --config FILE` checks it, and
 * `--controller FILE` is the quick case of one controller module with its manifests and examples beside it.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import type { NodeSpec } from "../model/scenario/types.ts";
import { ScenarioError } from "../model/scenario/types.ts";
import { parseScenario } from "../model/scenario/parse.ts";
import { DEFAULT_CLUSTER_CONFIG, type ClusterConfig } from "../model/config.ts";
import { resourceForKind } from "../model/apiserver/lookup.ts";
import { resourceId } from "../model/apiserver/resources.ts";
import { handle } from "../model/apiserver/handle.ts";
import { isStatus } from "../model/apiserver/status.ts";
import { USER_CONTROLLER_KIND } from "../controller/kind.ts";
import type { Invariant } from "../invariants/types.ts";
import type { Scope } from "./scopes/types.ts";
import { componentRestarts } from "./scopes/common.ts";
import { InputError } from "./input-error.ts";
import { importModule } from "./plugins.ts";

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
  /** The operations a user performs, possible in this state (a deterministic list; see `op`). */
  operations(state: State): Action[];
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

/** Building a user operation: a request by the user, from an object (apiVersion, kind, metadata.name/namespace). */
export const op = {
  create: (obj: KObject): Action => ({ type: "api", client: "user", request: { verb: "create", resource: `@${obj.apiVersion}/${obj.kind}`, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), object: obj } }),
  delete: (obj: Pick<KObject, "apiVersion" | "kind" | "metadata">): Action => ({ type: "api", client: "user", request: { verb: "delete", resource: `@${obj.apiVersion}/${obj.kind}`, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), name: obj.metadata.name! } }),
  patch: (obj: Pick<KObject, "apiVersion" | "kind" | "metadata">, patch: Record<string, unknown>): Action => ({ type: "api", client: "user", request: { verb: "patch", resource: `@${obj.apiVersion}/${obj.kind}`, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), name: obj.metadata.name!, patch } }),
};

/**
 * The operation with its resource resolved in this state ("@apiVersion/Kind" → the resource id the API server
 * serves: a custom resource's only exists once its CRD does).
 */
export function resolveOperation(state: State, a: Action): Action {
  if (a.type !== "api" || !a.request.resource.startsWith("@")) return a;
  const ref = a.request.resource.slice(1);
  const slash = ref.lastIndexOf("/");
  const info = resourceForKind(state, ref.slice(0, slash), ref.slice(slash + 1));
  return info ? { ...a, request: { ...a.request, resource: resourceId(info) } as typeof a.request } : a;
}

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
  if (typeof p!.operations !== "function") bad("operations", "expected a function (state) => actions");
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
  const scope: Scope = {
    id: p.name,
    description: `the project ${p.name} (${file})`,
    needs: [],
    nodes: p.nodes ?? [],
    objects: objectsOf(resolve(file), p),
    ops: (state) => p.operations(state).map((a) => resolveOperation(state, a)),
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
  return { file, from, definition: p, scope, config, invariants: p.invariants ?? [] };
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
 * its controller — `manifests` (files relative to it: its CRDs), `examples` (objects a user creates and deletes),
 * `invariants` — or its own `project` (a full definition).
 */
export async function loadControllerProject(file: string): Promise<Project> {
  const mod = (await importUserModule(file)) as { default?: { name?: unknown }; project?: unknown; manifests?: unknown; examples?: unknown; invariants?: unknown };
  if (mod.project !== undefined) return projectOf(file, mod.project, "controller");
  const name = mod.default?.name;
  if (typeof name !== "string") throw new InputError(`${file}: exports no controller (a default export with a name, watches and a reconcile)`);
  const examples = (Array.isArray(mod.examples) ? mod.examples : []) as KObject[];
  const definition: ProjectDefinition = {
    name,
    controllers: [basename(file)],
    ...(Array.isArray(mod.manifests) ? { manifests: mod.manifests as string[] } : {}),
    operations: (state) => examples.map((o) => (presentIn(state, o) ? op.delete(o) : op.create(o))),
    ...(Array.isArray(mod.invariants) ? { invariants: mod.invariants as Invariant[] } : {}),
  };
  return projectOf(file, definition, "controller");
}

/** Whether the API has this object now (read through the API server, as a user would see it). */
function presentIn(state: State, o: KObject): boolean {
  const info = resourceForKind(state, o.apiVersion, o.kind);
  if (!info) return false;
  return !isStatus(handle(state, { verb: "get", resource: resourceId(info), ...(info.namespaced ? { namespace: o.metadata.namespace ?? "default" } : {}), name: o.metadata.name! }).result);
}
