/**
 * The cluster `kubeprop serve` holds: one model state that HTTP requests, the clock and the control API move on,
 * every step recorded as an action (so the session is a trace that `replay` and `simulate` read) and watched by
 * the invariant monitor. No I/O here: the wall clock is passed in (`wallSeconds`), and the HTTP side
 * (server/http.ts) turns requests into calls of this class.
 *
 * How the model runs between requests:
 * - after every request and control action, the work it caused runs to quiescence without time passing
 *   (settle with no timers): a Deployment created is answered at once, and its ReplicaSet and pods exist before the
 *   next request, as a real cluster's controllers would have made them within milliseconds;
 * - `--clock real`: logical time follows the wall clock; `tick()` (called by a timer) lets time pass up to the wall
 *   clock's reading with model/advance.ts, firing each timer at its due time, so grace periods, back-offs and
 *   heartbeats happen as in a real cluster and `kubectl rollout status` sees a rollout finish;
 * - `--clock manual`: time moves only by `advance(seconds)` (`kubeprop ctl advance 30s`).
 * Every loop has a budget: the work after a request or a tick runs in slices of `sliceSteps` steps, so one request
 * that causes a flood of work (a Deployment of a million replicas) costs the server one slice, and the rest runs in
 * later slices (`pending` says there is more; server/serve.ts runs them between requests); `advance` has the larger
 * `maxSteps`. Running out is reported, never a hang.
 */
import type { Action } from "../model/actions.ts";
import { isDisruption } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import type { Status } from "../model/apiserver/status.ts";
import type { ApiRequest } from "../model/apiserver/request.ts";
import type { Kinds } from "../model/components/kinds.ts";
import type { Scenario } from "../model/scenario/types.ts";
import type { Invariant, Violation } from "../invariants/types.ts";
import { send } from "../model/client.ts";
import { handle } from "../model/apiserver/handle.ts";
import { stepIn } from "../model/step.ts";
import { settle } from "../model/settle.ts";
import { advance } from "../model/advance.ts";
import { initialState } from "../model/scenario/run.ts";
import { traceDocument, type TraceDocument } from "../model/scenario/trace.ts";
import { monitor, type Monitor } from "../invariants/monitor.ts";

export type ClockMode = "real" | "manual";

export interface ServedClusterOptions {
  readonly scenario: Scenario;
  readonly kinds: Kinds;
  /** The invariants the monitor holds every step to (safety) and `check()` judges (safety and convergence). */
  readonly invariants: readonly Invariant[];
  readonly clock: ClockMode;
  /** Budget of one `advance`, in model steps (default 100,000). */
  readonly maxSteps?: number;
  /** Budget of the work run after a request, a control action or a tick, in model steps (default 2,000). */
  readonly sliceSteps?: number;
  /** Where the session came from, written into the recorded trace's origin. */
  readonly origin?: Readonly<Record<string, unknown>>;
}

/** A safety violation seen while serving, with the step of the recorded trace it appeared at. */
export interface ServedViolation {
  readonly step: number;
  readonly violation: Violation;
}

export interface StepReport {
  readonly steps: number;
  /** False when the budget ran out before the cluster was quiet (the rest runs at the next chance). */
  readonly quiesced: boolean;
}

export class ServedCluster {
  #state: State;
  readonly #kinds: Kinds;
  readonly #scenario: Scenario;
  readonly #actions: Action[] = [];
  #monitor: Monitor;
  readonly #violations: ServedViolation[] = [];
  /** The violations the last step's state showed (invariant and message), so each is reported once when it appears. */
  #active = new Set<string>();
  readonly #listeners = new Set<(state: State) => void>();
  readonly #maxSteps: number;
  readonly #sliceSteps: number;
  /** Whether the last slice of pending work ran out of steps before the cluster was quiet. */
  #pending = false;
  readonly #origin: Readonly<Record<string, unknown>> | undefined;
  readonly clock: ClockMode;
  /** Logical seconds added by `advance` in real-clock mode (time jumped ahead of the wall clock). */
  #offset = 0;

  constructor(opts: ServedClusterOptions) {
    this.#kinds = opts.kinds;
    this.#scenario = opts.scenario;
    this.#state = initialState(opts.scenario, opts.scenario.name, opts.kinds);
    this.#monitor = monitor(opts.invariants);
    this.#maxSteps = opts.maxSteps ?? 100_000;
    this.#sliceSteps = opts.sliceSteps ?? 2_000;
    this.#origin = opts.origin;
    this.clock = opts.clock;
    for (const v of this.#monitor.start(this.#state)) {
      this.#violations.push({ step: 0, violation: v });
      this.#active.add(`${v.invariant}\u0000${v.message}`);
    }
    this.settlePending();
  }

  get state(): State {
    return this.#state;
  }

  /** The actions taken so far (the recorded trace's steps). */
  get actions(): readonly Action[] {
    return this.#actions;
  }

  /** Safety violations seen so far, in order, each once when it appeared. */
  get violations(): readonly ServedViolation[] {
    return this.#violations;
  }

  /** Calls `f` after every change of the state (watch streams push their events from there). */
  subscribe(f: (state: State) => void): () => void {
    this.#listeners.add(f);
    return () => this.#listeners.delete(f);
  }

  /**
   * One API request from a client: recorded as an `api` action, then the work it caused runs. A read is answered
   * from the current state and recorded too (it changes nothing, but a replay shows what the client saw).
   * `dryRun`: answered as the write would be, nothing kept (the API server's dryRun=All).
   */
  request(client: string, req: ApiRequest, opts: { dryRun?: boolean } = {}): { result: KObject | Status; violations: readonly Violation[]; warnings?: readonly string[] } {
    if (opts.dryRun) {
      const d = handle(this.#state, req);
      return { result: d.result, violations: [], ...(d.warnings ? { warnings: d.warnings } : {}) };
    }
    const before = this.#violations.length;
    const r = send(this.#state, client, req);
    this.#take({ type: "api", client, request: req }, r.state);
    // A read changes nothing: no work to run, no one to tell.
    if (req.verb !== "get" && req.verb !== "list") this.settlePending();
    const result = r.result;
    return { result, violations: this.#violations.slice(before).map((v) => v.violation), ...(r.warnings ? { warnings: r.warnings } : {}) };
  }

  /** A control action (a fault, a restart, a raw step): taken, then the work it caused runs. */
  act(action: Action): StepReport {
    const r = stepIn(this.#kinds.runtime(this.#state.config), this.#state, action);
    this.#take(action, r.state);
    const s = this.settlePending();
    return { steps: s.steps + 1, quiesced: s.quiesced };
  }

  /** Whether work is left over from a slice that ran out of steps (run it with `settlePending`). */
  get pending(): boolean {
    return this.#pending;
  }

  /** Runs the pending work without letting time pass, for at most one slice of steps. */
  settlePending(): StepReport {
    const r = settle(this.#state, { kinds: this.#kinds, noTimers: true, maxSteps: this.#sliceSteps, onStep: (a, s) => this.#record(a, s) });
    this.#pending = !r.quiesced;
    this.#publish();
    return { steps: r.steps, quiesced: r.quiesced };
  }

  /** Lets `seconds` of logical time pass, each timer firing at its due time (model/advance.ts). */
  advance(seconds: number): StepReport {
    if (this.clock === "real") this.#offset += seconds;
    return this.#advanceBy(seconds);
  }

  /** Real-clock mode: lets logical time catch up with the wall clock (seconds since the server started). */
  tick(wallSeconds: number): StepReport {
    // Whole seconds: object timestamps have second precision, and a trace reads "advance 1s", not float dust.
    const target = Math.floor(wallSeconds) + this.#offset;
    const by = target - this.#state.clock.now;
    if (by <= 0) return { steps: 0, quiesced: true };
    // One slice: work left over (a flood) keeps time from moving until it is done, as a busy control plane lags.
    return this.#advanceBy(by, this.#sliceSteps);
  }

  /** The session as a trace: the starting cluster and every action taken, replayable with `kubeprop replay`. */
  trace(): TraceDocument {
    const first = this.#violations[0];
    return traceDocument(this.#scenario, this.#actions, {
      description: "a kubeprop serve session",
      origin: { serve: true, clock: this.clock, ...(this.#origin ?? {}) },
      ...(first && first.step > 0 ? { expectViolation: { invariant: first.violation.invariant, step: first.step } } : {}),
    });
  }

  /** Safety invariants on the current state, and convergence (meaningful once the cluster is quiet). */
  check(): { safety: readonly Violation[]; convergence: readonly Violation[] } {
    return { safety: this.#monitor.start(this.#state), convergence: this.#monitor.atEnd(this.#state) };
  }

  #advanceBy(seconds: number, maxSteps = this.#maxSteps): StepReport {
    const r = advance(this.#state, seconds, { kinds: this.#kinds, maxSteps, onStep: (a, s) => this.#record(a, s) });
    this.#pending = !r.quiesced;
    this.#publish();
    return { steps: r.steps, quiesced: r.quiesced };
  }

  /** A step settle or advance took: `#state` is still the state before it. */
  #record(action: Action, next: State): void {
    this.#take(action, next);
  }

  #take(action: Action, next: State): void {
    const prev = this.#state;
    this.#actions.push(action);
    // A step that changed nothing (a client's get or list, most of what kubectl sends) breaks no invariant the
    // state before it kept, and is no disruption: the monitor need not look at the whole state again.
    if (next === prev && !isDisruption(action)) return;
    const m = this.#monitor.step(prev, action, next);
    this.#monitor = m.monitor;
    // A violation is reported when it appears, not again at every step while the state still shows it.
    const now = new Set<string>();
    for (const v of m.violations) {
      const key = `${v.invariant}\u0000${v.message}`;
      now.add(key);
      if (!this.#active.has(key)) this.#violations.push({ step: this.#actions.length, violation: v });
    }
    this.#active = now;
    this.#state = next;
  }

  #publish(): void {
    for (const f of this.#listeners) f(this.#state);
  }
}
