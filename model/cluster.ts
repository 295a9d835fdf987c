/**
 * A cluster model as a value: the registry of kinds its configs resolve with, and the transition system over it.
 * The free functions (step, enabled, settle, bootstrap, addNode, ...) are this value for the built-in kinds; a
 * cluster that runs a kind of its own (a user's controller, a test's stand-in) is `clusterOf(BUILTIN_KINDS.with(k))`,
 * and everything it steps, settles or starts resolves its config with that registry.
 */
import type { Action } from "./actions.ts";
import type { State } from "./state.ts";
import type { Kinds } from "./components/kinds.ts";
import { BUILTIN_KINDS } from "./builtin-kinds.ts";
import { stepIn, type StepResult } from "./step.ts";
import { enabledIn } from "./enabled.ts";
import { settle, type SettleOptions, type SettleResult } from "./settle.ts";
import { advance, type AdvanceOptions } from "./advance.ts";
import { bootstrap, type BootstrapOptions } from "./bootstrap.ts";
import { addNode, type NodeSpecInput } from "./add-node.ts";
import { addComponent, restartComponent } from "./components/lifecycle.ts";
import type { Status } from "./apiserver/status.ts";

export interface Cluster {
  readonly kinds: Kinds;
  /** A new cluster (bootstrap with this registry). */
  bootstrap(opts?: Omit<BootstrapOptions, "kinds">): State;
  addNode(state: State, spec: NodeSpecInput): { state: State; error?: Status };
  addComponent(state: State, id: string, kind: string): State;
  restartComponent(state: State, id: string): State;
  step(state: State, action: Action): State;
  stepWithEffects(state: State, action: Action): StepResult;
  enabled(state: State): Action[];
  settle(state: State, opts?: Omit<SettleOptions, "kinds">): SettleResult;
  advance(state: State, seconds: number, opts?: Omit<AdvanceOptions, "kinds">): { state: State; steps: number; quiesced: boolean };
}

export function clusterOf(kinds: Kinds): Cluster {
  const rt = (s: State) => kinds.runtime(s.config);
  return {
    kinds,
    bootstrap: (opts = {}) => bootstrap({ ...opts, kinds }),
    addNode: (state, spec) => addNode(state, spec, kinds),
    addComponent: (state, id, kind) => addComponent(rt(state), state, id, kind),
    restartComponent: (state, id) => restartComponent(rt(state), state, id),
    step: (state, action) => stepIn(rt(state), state, action).state,
    stepWithEffects: (state, action) => stepIn(rt(state), state, action),
    enabled: (state) => enabledIn(rt(state), state),
    settle: (state, opts = {}) => settle(state, { ...opts, kinds }),
    advance: (state, seconds, opts = {}) => advance(state, seconds, { ...opts, kinds }),
  };
}

/** The cluster of the built-in kinds. */
export const BUILTIN_CLUSTER: Cluster = clusterOf(BUILTIN_KINDS);
