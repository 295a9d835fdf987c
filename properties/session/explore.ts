/**
 * An explore session: what `kubeprop explore` does, as a library call. The bounded breadth-first explorer over
 * the cluster model (properties/cluster-model.ts) from a scenario's cluster after its steps, from a scope's start
 * (with its user operations and faults), or from where a zoo bug says it is found; or over two-phase commit.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Kinds } from "../../model/components/kinds.ts";
import { KUBEPROP_KINDS } from "../../controller/kinds.ts";
import { clusterConfig, DEFAULT_CLUSTER_CONFIG, type ClusterConfig } from "../../model/config.ts";
import type { State } from "../../model/state.ts";
import { btreeKeys } from "../../model/collections/btree.ts";
import { parseScenario } from "../../model/scenario/parse.ts";
import { runScenario } from "../../model/scenario/run.ts";
import { describeUnsettled } from "../../model/scenario/unsettled.ts";
import { ScenarioError, type Scenario } from "../../model/scenario/types.ts";
import { explore, type ExploreResult } from "../explorer/bfs.ts";
import { twoPhaseCommit } from "../explorer/two-phase-commit.ts";
import { clusterModel, componentMatches } from "../cluster-model.ts";
import { scopeById } from "../scopes/index.ts";
import { scopeStart } from "../run.ts";
import { configWithBug } from "../bugs/index.ts";
import { NO_PLUGINS, type Plugins } from "../plugins.ts";
import { PROJECT_ROOT } from "../project-root.ts";
import { InputError } from "../input-error.ts";
import { resolveBug, resolveInvariants } from "./check.ts";
import type { Project } from "../project.ts";

/** The logical time a scenario's quiet states let pass before convergence is judged (a scope has its own). */
export const SCENARIO_SETTLE_TIME = 60;

export interface ExploreRequest {
  /** Explore from this scenario's cluster after its steps (with the file it came from, for messages). */
  readonly scenario?: { readonly scenario: Scenario; readonly file: string };
  /** Explore a scope of the default suite, with its user operations and faults. */
  readonly scope?: string;
  /** Switch on a zoo bug; explored where the bug says (Bug.explore) unless a scenario or scope is given. */
  readonly bug?: string;
  /** Depth bound (default 12). */
  readonly depth?: number;
  /** Stop after this many distinct states (default 200,000). */
  readonly maxStates?: number;
  /** Explore only these components' actions (ids, prefixes ending in "*", "clock"); the others lag. */
  readonly components?: readonly string[];
  /** Check convergence at quiet states (default true). */
  readonly convergence?: boolean;
  readonly plugins?: Plugins;
  /** A user's project (properties/project.ts): explored from its scope's settled start, with its operations and faults. */
  readonly project?: Project;
  /** The cluster (default: the default cluster, or the scenario's own); a bug's variant goes on top. */
  readonly config?: ClusterConfig;
  readonly kinds?: Kinds;
}

/** The two-phase-commit model with `rms` resource managers (Stateright's and TLA+'s example). */
export function exploreTwoPhaseCommit(rms: number, depth: number | undefined, maxStates: number): ExploreResult<unknown> {
  return explore(twoPhaseCommit(rms), { maxDepth: depth ?? Infinity, maxStates }) as ExploreResult<unknown>;
}

/** A scenario file of the project (a zoo bug's own setting), parsed. */
export function projectScenario(path: string): { scenario: Scenario; file: string } {
  const file = resolve(PROJECT_ROOT, path);
  try {
    return { scenario: parseScenario(readFileSync(file, "utf8"), file), file };
  } catch (e) {
    if (e instanceof ScenarioError) throw new InputError(e.message);
    throw e;
  }
}

export function exploreSession(req: ExploreRequest): ExploreResult<unknown> {
  const plugins = req.plugins ?? NO_PLUGINS;
  const depth = req.depth ?? 12;
  const maxStates = req.maxStates ?? 200_000;
  const kinds = req.kinds ?? KUBEPROP_KINDS;
  const invariants = resolveInvariants(undefined, plugins, req.project);
  const bug = resolveBug(req.bug, plugins);
  // A bug is explored where it says (Bug.explore) unless a scenario or scope is given.
  const bugExplore = req.scenario === undefined && req.scope === undefined ? bug?.explore : undefined;
  const patterns = req.components ?? bugExplore?.components;
  /** Convergence unless turned off, the explored components when given (each must match a component). */
  const modelOptions = (start: State, settleTime: number) => {
    const ids = [...btreeKeys(start.components), "clock"];
    for (const p of patterns ?? []) {
      if (!ids.some((id) => componentMatches(id, [p]))) throw new InputError(`--components: no component matches "${p}" (components: ${ids.join(", ")})`);
    }
    return { kinds, invariants, ...(req.convergence === false ? {} : { settleTime }), ...(patterns ? { components: patterns } : {}) };
  };
  const where = req.scenario ?? (bugExplore?.scenario ? projectScenario(bugExplore.scenario) : undefined);
  if (where) {
    const { scenario: sc, file } = where;
    const config = configWithBug(bug, req.config ?? clusterConfig(sc.config));
    let run;
    try {
      run = runScenario({ ...sc, config }, { file, kinds });
    } catch (e) {
      if (e instanceof ScenarioError) throw new InputError(e.message);
      throw e;
    }
    // The scenario's own expectations say where exploring starts from; a start that is not that is no start.
    if (run.expectationFailures.length > 0) throw new InputError(`${file}: the scenario's steps do not reach the state it expects, so there is nothing to explore from: ${run.expectationFailures[0]}`);
    // A settle that ran out of its budget leaves a cluster still at work: exploring from it would settle again in
    // every state it reaches (as long, each time), so the session stops here and says why.
    const u = run.unsettled[0];
    if (u !== undefined) throw new InputError(`${file}: steps[${u}]: the step budget ran out before the cluster was quiet, so there is no start to explore from: ${describeUnsettled(run.trace, u, run.state)}`);
    const start = run.state;
    return explore(clusterModel({ name: `scenario ${sc.name}`, start, ...modelOptions(start, SCENARIO_SETTLE_TIME) }), { maxDepth: depth, maxStates }) as ExploreResult<unknown>;
  }
  const scope = req.project?.scope ?? scopeById(req.scope ?? bug?.scope ?? "namespaces");
  if (!scope) throw new InputError(`--scope: unknown scope "${req.scope}"`);
  const config = configWithBug(bug, req.config ?? req.project?.config ?? DEFAULT_CLUSTER_CONFIG);
  const start = scopeStart(scope, { config, kinds });
  return explore(clusterModel({ name: `scope ${scope.id}`, start, scope, ...modelOptions(start, scope.settleTime) }), { maxDepth: depth, maxStates }) as ExploreResult<unknown>;
}
