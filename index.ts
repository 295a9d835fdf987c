/**
 * kubeprop as a library: `import { … } from "kubeprop"`. A curated list of what a user needs: build a cluster
 * from a config, step it, check and explore it against invariants (the built-in ones and their own), load
 * plugins, replay a counterexample and render it. Everything else under model/, invariants/, properties/ and
 * reports/ is internal and may change without notice. Property tests in a user's own suite: `kubeprop/vitest`
 * (vitest.ts).
 */

// The model: cluster configs and variants, the registry of component kinds (BUILTIN_KINDS, Kinds), clusterOf,
// the transition system (bootstrap, step, enabled, settle), scenarios, and the Kubernetes fidelity functions.
export * from "./model/index.ts";

// A user's controller: written against client-node's KubernetesObjectApi (the same surface, so the module runs
// unchanged against a real cluster), an informer cache and an async reconcile; run inside the model in a worker
// thread (controller/). A project (kubeprop.config.ts) names controllers, manifests, operations, faults and
// invariants; a check or explore session takes it as `project`. KUBEPROP_KINDS is the registry of the built-in
// kinds and the user-controller kind, which sessions use by default. The lighter form, defineReconciler: a pure
// reconcile(key, cache) returning requests, sent one a step (controller/reconciler.ts).
export { defineController, ApiException, PatchStrategy, type ControllerDefinition, type ReconcileContext, type ObjectClient, type ObjectCache, type Watch, type KubernetesObject, type KubernetesListObject, type V1Status } from "./controller/types.ts";
export { defineReconciler, type ReconcilerDefinition, type ReconcileRequest, type RequestObject, type ObjectReference } from "./controller/reconciler.ts";
export { KUBEPROP_KINDS } from "./controller/kinds.ts";
export { USER_CONTROLLER_KIND } from "./controller/kind.ts";
// The same controller module as a plain Node process against a real API server, with @kubernetes/client-node
// (imported only when called: kubeprop does not depend on it). `kubeprop run-controller FILE` is its CLI.
export { runController, type RunControllerOptions, type RunningController, type KubeConfigLike } from "./controller/host.ts";
export { defineProject, op, loadProject, loadControllerProject, projectOf, type Project, type ProjectDefinition, type ProjectFault } from "./properties/project.ts";
export { customResourceArb, type CustomResourceArbOptions } from "./properties/arbitraries/custom-resource.ts";

// Check sessions: `kubeprop check` as a call. A typed request in, the result and a shrunk, replayable
// counterexample (its trace, its description, the command that reproduces it) out.
export { checkSession, type CheckRequest, type CheckSession, type CheckOrigin, type SessionCounterexample } from "./properties/session/check.ts";
export { DEFAULT_MAX_STEPS, DEFAULT_RUNS, type CheckResult, type Counterexample } from "./properties/checker.ts";
export { SCOPES, type Scope } from "./properties/scopes/index.ts";

// Explore sessions: `kubeprop explore` as a call (bounded breadth-first search).
export { exploreSession, type ExploreRequest } from "./properties/session/explore.ts";
export type { ExploreResult } from "./properties/explorer/bfs.ts";

// Plugins: modules (.ts, .mts or .js, from any folder) that export `invariants` and `bugs`; and the bug zoo.
export { loadPlugins, NO_PLUGINS, type Plugins } from "./properties/plugins.ts";
export { BUGS, type Bug } from "./properties/bugs/index.ts";

// Invariants: the built-in ones, what an invariant is, the monitor every runner holds a run to, and helpers
// for writing one (the objects under a store prefix, an object named as Violation.objects names it).
export { ALL_INVARIANTS, SAFETY_INVARIANTS, CONVERGENCE_INVARIANTS, invariantById, type Invariant, type Violation, type CheckContext } from "./invariants/index.ts";
export { monitor, type Monitor, type MonitorStep } from "./invariants/monitor.ts";
export { objectsUnder, ref as objectRef } from "./invariants/objects.ts";

// Replay: a trace (a counterexample's, or any scenario of raw actions) with the checker's semantics.
export { replayTrace, type ReplayResult, type ReplayStep, type ReplayOptions } from "./properties/replay.ts";
export { traceJson, type TraceDocument } from "./model/scenario/trace.ts";
export { ScenarioError, type Scenario, type NodeSpec } from "./model/scenario/types.ts";

// Reports: a counterexample as its trace JSON, Markdown, HTML and a vitest file.
export { renderCounterexample, type RenderedCounterexample } from "./reports/counterexample.ts";

// Errors: bad input to a session (an unknown scope, bug or invariant; a plugin that does not load).
export { InputError } from "./properties/input-error.ts";
