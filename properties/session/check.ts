/**
 * A check session: what `kubeprop check` does, as a library call. A typed request (which cluster, bug, scopes,
 * invariants, budget) resolves against the zoo, the scopes and the invariants (plus a request's plugins); the
 * random checker runs; a counterexample comes back as data — its typed origin, its trace document (which carries
 * the cluster config, so it replays with nothing else), and the command that reproduces it. The CLI, the zoo's
 * tests and the bench call this; writing files and printing are the CLI's.
 */
import type { Kinds } from "../../model/components/kinds.ts";
import { DEFAULT_CLUSTER_CONFIG, type ClusterConfig } from "../../model/config.ts";
import type { Scenario } from "../../model/scenario/types.ts";
import { parseScenario } from "../../model/scenario/parse.ts";
import type { Invariant } from "../../invariants/types.ts";
import { ALL_INVARIANTS } from "../../invariants/index.ts";
import { counterexampleTrace, traceJson, type TraceDocument } from "../../model/scenario/trace.ts";
import { reproduceCommand } from "./reproduce.ts";
import { check, DEFAULT_MAX_STEPS, type CheckResult } from "../checker.ts";
import { availableScopes, scopeById, SCOPES, type Scope } from "../scopes/index.ts";
import { scopeScenario } from "../run.ts";
import { bugById, configWithBug, type Bug } from "../bugs/index.ts";
import { NO_PLUGINS, type Plugins } from "../plugins.ts";
import { InputError } from "../input-error.ts";
import type { Project } from "../project.ts";
import { KUBEPROP_KINDS } from "../../controller/kinds.ts";

export interface CheckRequest {
  /** Random seed (default: the bug's budget's, else 1). */
  readonly seed?: number;
  /** Runs per scope (default: the bug's budget's, else each scope's own). */
  readonly runs?: number;
  /** Chosen actions per run at most (default: the bug's budget's, else DEFAULT_MAX_STEPS); recorded in the origin when given. */
  readonly maxSteps?: number;
  /** Stop starting runs after this many milliseconds. */
  readonly timeBudgetMs?: number;
  /** Scope ids (default: the bug's scope, else every scope the cluster can run). */
  readonly scopes?: readonly string[];
  /** A zoo bug (or a plugin's) to switch on. */
  readonly bug?: string;
  /** Only these invariants (ids, built-in or a plugin's); default: all. */
  readonly invariants?: readonly string[];
  /** Replay one fast-check path instead of searching. */
  readonly path?: string;
  /** Record the lifecycle chart edges the runs exercised. */
  readonly coverage?: boolean;
  readonly plugins?: Plugins;
  /** A user's project (properties/project.ts): its scope, its cluster config with its controllers, its invariants. */
  readonly project?: Project;
  /** The cluster to check (default: the default cluster, or the project's); a bug's variant is applied on top. */
  readonly config?: ClusterConfig;
  /** The registry its kinds come from (default: the built-in kinds and user controllers, controller/kinds.ts). */
  readonly kinds?: Kinds;
  /** Called after each run (progress). */
  readonly onRun?: (scope: string, runsDone: number, runsTotal: number) => void;
}

/** Where a counterexample came from: what reproduces it. */
export interface CheckOrigin {
  readonly seed: number;
  readonly path: string;
  readonly scope: string;
  readonly bug?: string;
  readonly invariants?: readonly string[];
  /** The --max-steps the run was given (fast-check regenerates the path with the same array bounds). */
  readonly maxSteps?: number;
  /** The plugin files the run loaded, as given. */
  readonly plugins?: readonly string[];
  /** How many leading actions are the scope's warm-up. */
  readonly warmUpActions?: number;
  /** The project file the run checked (--config), or its controller module (--controller). */
  readonly config?: string;
  readonly controller?: string;
}

export interface SessionCounterexample {
  readonly origin: CheckOrigin;
  /** The replayable trace (with the whole cluster config). */
  readonly trace: TraceDocument;
  /** The trace as replay reads it back. */
  readonly scenario: Scenario;
  /** A name for its files: scope, invariant and seed. */
  readonly name: string;
  /** The command that reproduces it. */
  readonly reproduce: string;
  /** "invariant: first violation's message". */
  readonly description: string;
}

export interface CheckSession {
  readonly result: CheckResult;
  readonly bug?: Bug;
  readonly config: ClusterConfig;
  /** The invariants the runs were held to. */
  readonly invariants: readonly Invariant[];
  readonly counterexample?: SessionCounterexample;
}

/** The invariants a request names (all when it names none); an unknown id is bad input. */
export function resolveInvariants(ids: readonly string[] | undefined, plugins: Plugins, project?: Project): readonly Invariant[] {
  const all = [...ALL_INVARIANTS, ...plugins.invariants, ...(project?.invariants ?? [])];
  if (!ids || ids.length === 0) return all;
  return ids.map((id) => {
    const i = all.find((x) => x.id === id);
    if (!i) throw new InputError(`--invariant: unknown invariant "${id}" (known: ${all.map((x) => x.id).join(", ")})`);
    return i;
  });
}

/** The bug a request names; an unknown id is bad input. */
export function resolveBug(id: string | undefined, plugins: Plugins): Bug | undefined {
  if (id === undefined) return undefined;
  const bug = bugById(id, plugins.bugs);
  if (!bug) throw new InputError(`--bug: unknown bug "${id}" (see kubeprop bugs)`);
  return bug;
}

function resolveScopes(ids: readonly string[] | undefined, config: ClusterConfig, project?: Project): Scope[] {
  if (project) {
    if (ids?.length) throw new InputError(`--scope: a project (--config) is checked in its own scope ${project.scope.id}`);
    return [project.scope];
  }
  if (!ids || ids.length === 0) return availableScopes(config);
  return ids.map((id) => {
    const s = scopeById(id);
    if (!s) throw new InputError(`--scope: unknown scope "${id}" (known: ${SCOPES.map((x) => x.id).join(", ")})`);
    return s;
  });
}

export function checkSession(req: CheckRequest): CheckSession {
  const plugins = req.plugins ?? NO_PLUGINS;
  const bug = resolveBug(req.bug, plugins);
  // With a bug and no explicit search options, the bug's own budget (the one its zoo test holds it to).
  const budget = bug?.budget ?? {};
  const seed = req.seed ?? budget.seed ?? 1;
  const runs = req.runs ?? budget.runs;
  const maxSteps = req.maxSteps ?? budget.maxSteps ?? DEFAULT_MAX_STEPS;
  const invariants = resolveInvariants(req.invariants, plugins, req.project);
  const config = configWithBug(bug, req.config ?? req.project?.config ?? DEFAULT_CLUSTER_CONFIG);
  const scopes = resolveScopes(req.scopes && req.scopes.length ? req.scopes : bug && !req.project ? [bug.scope] : undefined, config, req.project);
  const model = { config, kinds: req.kinds ?? KUBEPROP_KINDS };
  const result = check({
    scopes,
    model,
    invariants,
    seed,
    ...(runs !== undefined ? { runs } : {}),
    maxSteps,
    ...(req.timeBudgetMs !== undefined ? { timeBudgetMs: req.timeBudgetMs } : {}),
    ...(req.path ? { path: req.path } : {}),
    ...(req.onRun ? { onRun: req.onRun } : {}),
    ...(req.coverage ? { coverage: true } : {}),
  });
  const session = { result, ...(bug ? { bug } : {}), config, invariants };
  const ce = result.counterexample;
  if (!ce) return session;
  const scope = scopes.find((s) => s.id === ce.scope)!;
  const origin: CheckOrigin = {
    seed: ce.seed,
    path: ce.path,
    scope: ce.scope,
    ...(bug ? { bug: bug.id } : {}),
    ...(req.invariants?.length ? { invariants: req.invariants } : {}),
    ...(req.maxSteps !== undefined ? { maxSteps } : {}),
    ...(plugins.files.length ? { plugins: plugins.files } : {}),
    ...(ce.warmUpLength ? { warmUpActions: ce.warmUpLength } : {}),
    ...(req.project ? { [req.project.from]: req.project.file } : {}),
  };
  const description = `${ce.invariant}: ${ce.violations[0]!.message}`;
  const scenario = scopeScenario(scope, ce.cluster, req.config || req.project || bug ? config : undefined);
  const trace = counterexampleTrace({ scenario, actions: ce.actions, invariant: ce.invariant, violationAt: ce.violationAt, origin: { ...origin } }, description);
  const name = `${ce.scope}-${ce.invariant}-seed${ce.seed}`;
  return {
    ...session,
    counterexample: { origin, trace, scenario: parseScenario(traceJson(trace), `${name}/counterexample.json`), name, reproduce: reproduceCommand(origin), description },
  };
}
