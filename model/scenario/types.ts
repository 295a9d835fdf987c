/**
 * A scenario: an initial cluster plus a list of steps. A counterexample trace is a scenario whose steps are the
 * model's actions, so `kubeprop simulate` and `kubeprop replay` are one thing.
 */
import type { Action } from "../actions.ts";
import type { KObject } from "../objects/types.ts";
import type { ClusterConfig } from "../state.ts";
import type { ConnectExpectation } from "../proxy/connect-expectation.ts";
import type { ProxyExpectation } from "./proxy-step.ts";

export interface NodeSpec {
  readonly name: string;
  /** cpu, memory, pods (quantities as strings or numbers). */
  readonly capacity: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  /** Static pods: manifests the node's kubelet runs from its own configuration. */
  readonly staticPods?: readonly KObject[];
}

/** A step as written in a scenario, after parsing (each maps to one or more actions). */
export type ScenarioStep =
  | {
      readonly kind: "action";
      readonly action: Action;
      /** A `connect` step's expected answer (checked against the connection the action opens). */
      readonly expectConnect?: ConnectExpectation;
      /** A `proxy` step's expected answer (checked against the answer its GET gets). */
      readonly expectProxy?: ProxyExpectation;
      /** Where the step was written, for the messages of a failed `expectConnect`. */
      readonly where?: string;
    }
  | { readonly kind: "settle"; readonly maxSteps?: number }
  | { readonly kind: "advance"; readonly seconds: number }
  | { readonly kind: "expect"; readonly expect: Expectation };

/** A check written in a scenario: an object exists (or not) with fields equal to given values. */
export interface Expectation {
  readonly resource: string;
  readonly namespace?: string;
  readonly name: string;
  /** When false, the object must not exist. */
  readonly exists?: boolean;
  /** Dotted paths into the object and the values they must have, e.g. {"status.phase": "Running"}. */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** Where the expectation was written, for messages. */
  readonly where: string;
}

export interface Scenario {
  readonly name: string;
  readonly description?: string;
  readonly config: Partial<ClusterConfig>;
  readonly nodes: readonly NodeSpec[];
  readonly objects: readonly KObject[];
  readonly steps: readonly ScenarioStep[];
  /** The random checker's seed and path, when this scenario is a counterexample. */
  readonly origin?: Readonly<Record<string, unknown>>;
  /** The invariant a counterexample violates (replay checks it is violated at the same step). */
  readonly expectViolation?: { readonly invariant: string; readonly step: number };
}

/** A bad scenario: the file, the place in it, and what is wrong; the CLI prints it on one line. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly why: string,
  ) {
    super(`${file}: ${where}: ${why}`);
    this.name = "ScenarioError";
  }
}
