/**
 * Running a scenario: build its initial cluster, take its steps in order (settle expands into the component
 * actions it ran), and record a trace of every action with its effects. Invariants, when given, are checked
 * after every action; the first violation stops the run (as a counterexample would).
 */
import type { Action } from "../actions.ts";
import type { State } from "../state.ts";
import type { Effect } from "../effects.ts";
import { bootstrap } from "../bootstrap.ts";
import { send } from "../client.ts";
import { isStatus } from "../apiserver/status.ts";
import { resourceForKind } from "../apiserver/lookup.ts";
import { resourceId } from "../apiserver/resources.ts";
import { get } from "../apiserver/read.ts";
import { settle } from "../settle.ts";
import { advance } from "../advance.ts";
import { stepIn } from "../step.ts";
import type { Kinds } from "../components/kinds.ts";
import { BUILTIN_KINDS } from "../builtin-kinds.ts";
import { ConfigError } from "../config.ts";
import { addNode } from "../add-node.ts";
import { connect, connectRequestOf, describeConnectResult } from "../proxy/connect.ts";
import { connectAnswerMeets, describeConnectExpectation } from "../proxy/connect-expectation.ts";
import { handle } from "../apiserver/handle.ts";
import { describeProxyAnswer, describeProxyExpectation, proxyAnswerMeets } from "./proxy-step.ts";
import { ScenarioError, type Expectation, type Scenario } from "./types.ts";

export interface TraceEntry {
  /** 1-based index of the action in the run. */
  readonly index: number;
  readonly action: Action;
  readonly effects: readonly Effect[];
  /** Index of the scenario step it came from. */
  readonly step: number;
}

export interface RunResult<F = unknown> {
  readonly initial: State;
  readonly state: State;
  readonly trace: readonly TraceEntry[];
  /** What the step hook found (the run stops at the first action for which it finds anything). */
  readonly violations: readonly F[];
  /** The trace index at which the violations appeared (0 = the initial state). */
  readonly violationAt?: number;
  /** Failed `expect` steps and connect expectations, one message each. */
  readonly expectationFailures: readonly string[];
  /** Settle steps that ran out of steps before quiescence. */
  readonly unsettled: readonly number[];
  /** Each `expect` step that ran, in order: its step index and its failure (undefined when it held). */
  readonly expectations?: readonly { readonly step: number; readonly failure?: string }[];
}

/**
 * The cluster before the first step: bootstrap with the scenario's config, the scenario's machines and nodes,
 * then its objects. A config the registry of kinds cannot resolve is the scenario's mistake.
 */
export function initialState(sc: Scenario, file = sc.name, kinds: Kinds = BUILTIN_KINDS): State {
  let s: State;
  try {
    s = bootstrap({ config: sc.config, kinds });
  } catch (e) {
    if (e instanceof ConfigError) throw new ScenarioError(file, e.where, e.why);
    throw e;
  }
  sc.nodes.forEach((n, i) => {
    const r = addNode(s, n, kinds);
    if (r.error) throw new ScenarioError(file, `nodes[${i}]`, r.error.message);
    s = r.state;
  });
  sc.objects.forEach((o, i) => {
    const info = resourceForKind(s, o.apiVersion, o.kind);
    if (!info) throw new ScenarioError(file, `objects[${i}]`, `unknown kind ${o.kind} at ${o.apiVersion}`);
    const r = send(s, "scenario", {
      verb: "create",
      resource: resourceId(info),
      ...(info.namespaced ? { namespace: o.metadata.namespace ?? "default" } : {}),
      object: o,
      // As kubectl sends it: a custom resource's unknown field is refused, not pruned (built-in kinds were
      // decoded Strict when the scenario was read, parse.ts).
      fieldValidation: "Strict",
    });
    if (isStatus(r.result)) throw new ScenarioError(file, `objects[${i}] (${o.kind} ${o.metadata.name ?? ""})`, r.result.message);
    s = r.state;
  });
  return s;
}

function fieldAt(o: unknown, path: string): unknown {
  let cur: any = o;
  // Dots separate fields; "\." is a dot inside a field name (annotation keys such as deployment\.kubernetes\.io/revision).
  const parts = path.split(/(?<!\\)\./).map((p) => p.replace(/\\\./g, "."));
  for (const part of parts) {
    if (cur === undefined || cur === null) return undefined;
    const m = /^(.*)\[(\d+)\]$/.exec(part);
    cur = m ? cur[m[1]!]?.[Number(m[2])] : cur[part];
  }
  return cur;
}

function checkExpectation(s: State, e: Expectation): string | undefined {
  const r = get(s, e.resource, e.namespace, e.name);
  const what = `${e.resource} ${e.namespace ? `${e.namespace}/` : ""}${e.name}`;
  if (isStatus(r.result)) return e.exists === false ? undefined : `${e.where}: expected ${what} to exist: ${r.result.message}`;
  if (e.exists === false) return `${e.where}: expected ${what} not to exist`;
  for (const [path, want] of Object.entries(e.fields ?? {})) {
    const got = fieldAt(r.result, path);
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      return `${e.where}: ${what} ${path} is ${JSON.stringify(got) ?? "unset"}, expected ${JSON.stringify(want)}`;
    }
  }
  return undefined;
}

/**
 * How a caller watches a run (an invariant monitor, invariants/monitor.ts): what it finds in the initial state and
 * after each action; anything found stops the run there.
 */
export interface ScenarioObserver<F> {
  start?(state: State): readonly F[];
  step(prev: State, action: Action, next: State): readonly F[];
}

export interface RunOptions<F = never> {
  readonly observer?: ScenarioObserver<F>;
  /** Default bound for settle steps. */
  readonly settleMaxSteps?: number;
  readonly file?: string;
  /** The registry the scenario's config is resolved with (default: the built-in kinds). */
  readonly kinds?: Kinds;
}

export function runScenario<F = never>(sc: Scenario, opts: RunOptions<F> = {}): RunResult<F> {
  const kinds = opts.kinds ?? BUILTIN_KINDS;
  const initial = initialState(sc, opts.file, kinds);
  const rt = kinds.runtime(initial.config);
  const trace: TraceEntry[] = [];
  const failures: string[] = [];
  const expectations: { step: number; failure?: string }[] = [];
  const unsettled: number[] = [];
  let s = initial;
  let violations: readonly F[] = opts.observer?.start?.(s) ?? [];
  if (violations.length > 0) return { initial, state: s, trace, violations, violationAt: 0, expectationFailures: failures, unsettled };

  let stopped = false;
  const record = (action: Action, next: State, effects: readonly Effect[], stepIndex: number) => {
    const prev = s;
    s = next;
    trace.push({ index: trace.length + 1, action, effects, step: stepIndex });
    const v = opts.observer?.step(prev, action, s) ?? [];
    if (v.length > 0 && !stopped) {
      violations = v;
      stopped = true;
    }
  };
  for (let i = 0; i < sc.steps.length && !stopped; i++) {
    const st = sc.steps[i]!;
    if (st.kind === "action") {
      if (st.expectConnect && st.action.type === "connect") {
        // The answer the action is about to give: connect is pure, so asking it first gives the same answer
        // the step records as its trace note.
        const req = connectRequestOf(st.action);
        const answer = connect(s, req).result;
        if (!connectAnswerMeets(answer, st.expectConnect)) {
          failures.push(`${st.where ?? `steps[${i}]`}: ${describeConnectResult(req, answer)}; expected ${describeConnectExpectation(st.expectConnect)}`);
        }
      }
      if (st.expectProxy && st.action.type === "api") {
        // A GET changes nothing: asking the API server first gives the answer the step then records.
        const answer = handle(s, st.action.request).result;
        if (!proxyAnswerMeets(answer, st.expectProxy)) failures.push(`${st.where ?? `steps[${i}]`}: ${describeProxyAnswer(answer)}; expected ${describeProxyExpectation(st.expectProxy)}`);
      }
      const r = stepIn(rt, s, st.action);
      record(st.action, r.state, r.effects, i);
    } else if (st.kind === "settle") {
      // settle's own actions go into the trace one by one, so the trace replays without settle.
      const r = settle(s, {
        kinds,
        maxSteps: st.maxSteps ?? opts.settleMaxSteps ?? 100_000,
        stop: () => stopped,
        onStep: (a, next, effects) => record(a, next, effects, i),
      });
      if (!stopped && !r.quiesced) unsettled.push(i);
      if (!stopped) s = r.state;
    } else if (st.kind === "advance") {
      const r = advance(s, st.seconds, {
        kinds,
        maxSteps: opts.settleMaxSteps ?? 100_000,
        stop: () => stopped,
        onStep: (a, next, effects) => record(a, next, effects, i),
      });
      if (!stopped && !r.quiesced) unsettled.push(i);
      if (!stopped) s = r.state;
    } else {
      const f = checkExpectation(s, st.expect);
      if (f) failures.push(f);
      expectations.push(f ? { step: i, failure: f } : { step: i });
    }
  }
  return {
    initial,
    state: s,
    trace,
    violations,
    ...(stopped ? { violationAt: trace.length } : {}),
    expectationFailures: failures,
    unsettled,
    expectations,
  };
}
