/**
 * A driving harness for the lifecycle coverage test: the full model (bootstrap, nodes, every registered
 * component) moved only by actions — user requests, world actions, component actions, time — with every store
 * write read back by the edge recorder (invariants/lifecycles.ts) and checked against the lifecycle-phase-edges
 * invariant. Drivers (pod.ts, namespace.ts, ...) build on it.
 */
import type { Action } from "../../model/actions.ts";
import type { ApiRequest } from "../../model/apiserver/request.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { State } from "../../model/state.ts";
import type { Violation } from "../../invariants/types.ts";
import { bootstrap } from "../../model/bootstrap.ts";
import { addNode } from "../../model/add-node.ts";
import { stepWithEffects } from "../../model/step.ts";
import { settle } from "../../model/settle.ts";
import { advance } from "../../model/advance.ts";
import { enabled } from "../../model/enabled.ts";
import { handle } from "../../model/apiserver/handle.ts";
import { isStatus } from "../../model/apiserver/status.ts";
import { eventsSince, lifecycleChanges, lifecyclePhaseEdges, recordLifecycleEdges, type EdgeCoverage, type LifecycleChange } from "../../invariants/lifecycles.ts";

/** A node of the driven cluster. */
export interface SimNode {
  readonly name: string;
  readonly cpu?: string;
  readonly staticPods?: readonly KObject[];
}

/** The full model under a driver's hand, recording every chart change it makes. */
export class Sim {
  state: State;
  /** Edge counts of everything driven so far. */
  readonly coverage: EdgeCoverage = {};
  /** Every attributed or unattributed chart change, in order. */
  readonly changes: LifecycleChange[] = [];
  /** Phase changes that are not chart edges (must stay empty). */
  readonly violations: Violation[] = [];

  /**
   * A cluster with `nodes`, settled unless `settled` is false (to stop before the kubelets' first syncs); or,
   * given a state, that state (states are immutable values: one settled cluster can start many drives).
   */
  constructor(nodes: readonly SimNode[] | State = [{ name: "n1" }], settled = true) {
    if (!Array.isArray(nodes)) {
      this.state = nodes as State;
      return;
    }
    let s = bootstrap();
    for (const n of nodes as readonly SimNode[]) s = Sim.withNode(s, n);
    this.state = s;
    if (settled) this.settle();
  }

  private static withNode(s: State, n: SimNode): State {
    const r = addNode(s, { name: n.name, capacity: { cpu: n.cpu ?? "4", memory: "8Gi", pods: "110" }, ...(n.staticPods ? { staticPods: n.staticPods } : {}) });
    if (r.error) throw new Error(r.error.message);
    return r.state;
  }

  /** Adds a machine and its Node and kubelet (a cloud provider bringing up capacity). */
  addNode(n: SimNode): this {
    this.take(Sim.withNode(this.state, n));
    return this;
  }

  /** Moves to `next`, recording the chart changes of every write in between. */
  private take(next: State): void {
    const events = eventsSince(next, this.state);
    this.changes.push(...lifecycleChanges(events));
    recordLifecycleEdges(this.coverage, events);
    this.violations.push(...lifecyclePhaseEdges.check(next, this.state, { disruptions: 0 }));
    this.state = next;
  }

  /** One action of the model's transition function. */
  step(action: Action): this {
    this.take(stepWithEffects(this.state, action).state);
    return this;
  }

  /** A user request (through step); throws when the API server refuses it, unless `mayFail`. */
  api(request: ApiRequest, mayFail = false): this {
    const r = stepWithEffects(this.state, { type: "api", client: "user", request });
    const answer = r.effects.find((e) => e.kind === "request");
    if (!mayFail && answer?.kind === "request" && answer.code >= 400) throw new Error(`${request.verb} ${request.resource}: ${answer.code} ${answer.message ?? ""}`);
    this.take(r.state);
    return this;
  }

  /** Runs every component until nothing is left to do (one-shot timers included), or until `stop()` holds. */
  settle(stop?: () => boolean): this {
    settle(this.state, { onStep: (_a, next) => this.take(next), ...(stop ? { stop } : {}) });
    return this;
  }

  /** Runs every component until nothing is left to do now, firing no timer (no time passes). */
  settleNow(): this {
    settle(this.state, { onStep: (_a, next) => this.take(next), noTimers: true });
    return this;
  }

  /** Lets `seconds` of logical time pass, settling in between, or until `stop()` holds. */
  advance(seconds: number, stop?: () => boolean): this {
    advance(this.state, seconds, { onStep: (_a, next) => this.take(next), ...(stop ? { stop } : {}) });
    return this;
  }

  /**
   * Lets the cluster work until `done()` holds: settles, then lets up to `maxSeconds` pass. Stops at the first
   * step after which it holds, so a driver can act between two steps. Returns whether it holds.
   */
  progress(done: () => boolean, maxSeconds = 120): boolean {
    if (done()) return true;
    this.settle(done);
    if (done()) return true;
    this.advance(maxSeconds, done);
    return done();
  }

  /**
   * Takes enabled component actions that `only` accepts, first enabled first, until
   * `done(state)` holds; throws when none is left before that. Lets a driver stop between two syncs.
   */
  runUntil(done: (s: State) => boolean, only: (a: Action) => boolean = () => true, maxSteps = 2_000): this {
    for (let i = 0; i < maxSteps; i++) {
      if (done(this.state)) return this;
      const a = enabled(this.state).find((x) => "component" in x && only(x));
      if (!a) throw new Error("runUntil: nothing enabled before the condition held");
      this.step(a);
    }
    throw new Error(`runUntil: not done after ${maxSteps} steps`);
  }

  /** The API object, or undefined (read through the API server, as a user would). */
  get(resource: string, name: string, namespace?: string): KObject | undefined {
    const r = handle(this.state, { verb: "get", resource, name, ...(namespace ? { namespace } : {}) } as ApiRequest);
    return isStatus(r.result) ? undefined : r.result;
  }

  /** Transition ids attributed so far for one object ("Kind ns/name"), in order. */
  transitionsOf(object: string): string[] {
    return this.changes.filter((c) => c.object === object && c.transition).map((c) => c.transition!.id);
  }
}
