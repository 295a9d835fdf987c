/**
 * A user's controller as a component kind: `{ kind: "user-controller", options: { module: "./my-controller.ts" } }`
 * in a cluster config runs the controller that module exports (controller/types.ts) inside the model, as data: a
 * trace names the module, and replaying it needs nothing else.
 *
 * - Informers: one per watched kind; an event enqueues the object's key or its controlling owner's (Watch.enqueue).
 * - A `reconcile` action runs one step of the controller's async reconcile in its worker (controller/bridge.ts):
 *   everything up to its next API call, which the model's API server answers in the same step. The run (key,
 *   interactions, answers) is the component's memory, so other components, faults and restarts interleave between
 *   a reconcile's awaited calls, and a restart drops the run with the memory, as a process restart does.
 * - A reconcile that throws is requeued with the key's exponential back-off (controller-runtime's AddRateLimited on
 *   error, Forget on success; its global 10 qps bucket is left out); one that waits for anything but the client is
 *   a stuck worker, which stays stuck: the convergence invariants then report the cluster.
 * - A pure reconciler (controller/reconciler.ts) runs the same way, adapted by the worker into an async reconcile
 *   that sends its requests one a step; the step of its last request or first failure ends its run.
 */
import { resolve } from "node:path";
import type { ComponentBehavior } from "../model/components/behavior.ts";
import type { ComponentKind } from "../model/components/kinds.ts";
import { eraseMemory } from "../model/components/behavior.ts";
import type { ComponentState, State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import type { EffectLog } from "../model/effects.ts";
import { ConfigError } from "../model/config.ts";
import { send } from "../model/client.ts";
import { isStatus } from "../model/apiserver/status.ts";
import { btreeGet, btreeRange } from "../model/collections/btree.ts";
import { updateComponent } from "../model/components/update.ts";
import { addAfter } from "../model/informers/delaying-queue.ts";
import { memoByString } from "../model/collections/memo.ts";
import { ControllerBridge } from "./bridge.ts";
import { answerOf, requestOf } from "./requests.ts";
import { initialControllerMemory, type ControllerMemory, type Interaction, type Run, type StepOutcome } from "./run-log.ts";
import type { Watch } from "./types.ts";
import { requeueDelay } from "./backoff.ts";
import { declaredKeys, definitionProblem, watchedResource } from "./enqueue.ts";

export const USER_CONTROLLER_KIND = "user-controller";

type Component = ComponentState<ControllerMemory>;

/** A watch as the worker describes it: a handler function stays in the worker, named here as "handler". */
type DescribedWatch = Omit<Watch, "enqueue"> & { readonly enqueue?: "self" | { readonly owner: string } | "handler" };

/** Checks a module's declared name and watches (what the worker loaded). */
function checkDefinition(module: string, d: { name: unknown; watches: unknown }): { name: string; watches: readonly DescribedWatch[] } {
  const problem = definitionProblem(d);
  if (problem !== undefined) throw new ConfigError("options.module", `${module}: ${problem}`);
  return { name: d.name as string, watches: d.watches as DescribedWatch[] };
}

/** The behaviour of the controller a module exports; its worker is shared by every instance of that module. */
function userControllerBehavior(module: string, bridge: ControllerBridge): ComponentBehavior<ControllerMemory> {
  const file = resolve(module);
  const described = bridge.describe(file);
  if ("error" in described) throw new ConfigError("options.module", `${module}: ${described.error}`);
  const def = checkDefinition(module, described);
  // A kind may be watched more than once (with other handlers, or in other namespaces): one informer per resource,
  // across every namespace a watch of it names (all of them when one watch names none or two differ), and each
  // event goes to every watch of its resource whose namespace it is in.
  const byResource = new Map<string, { w: DescribedWatch; index: number }[]>();
  def.watches.forEach((w, index) => byResource.set(watchedResource(w), [...(byResource.get(watchedResource(w)) ?? []), { w, index }]));
  const informerNamespace = (ws: readonly { w: DescribedWatch }[]): string | undefined => {
    const first = ws[0]!.w.namespace;
    return first !== undefined && ws.every((x) => x.w.namespace === first) ? first : undefined;
  };

  /** A cache read of the reconcile, answered from the component's informers as they are now. */
  const cacheRead = (state: State, c: Component) => (method: string, args: readonly unknown[]): unknown => {
    const [apiVersion, kind] = args as [string, string];
    const inf = c.informers[watchedResource({ apiVersion, kind })];
    if (!inf) return method === "list" ? [] : undefined;
    if (method === "get") {
      const [, , name, namespace] = args as [string, string, string, string?];
      return btreeGet(inf.cache, namespace ? `${namespace}/${name}` : name);
    }
    const namespace = args[2] as string | undefined;
    const out: KObject[] = [];
    for (const [k, o] of btreeRange(inf.cache)) if (namespace === undefined || k.startsWith(`${namespace}/`)) out.push(o);
    void state;
    return out;
  };

  /** One step of a run: the worker runs it to its next API call (made here), or to its end. */
  const stepRun = (state: State, c: Component, run: Run, log: EffectLog): { state: State } => {
    const { outcome, reads } = bridge.step({ file, key: run.key, log: run.log, memory: run.memory }, cacheRead(state, c));
    const logged: Interaction[] = [...run.log, ...reads];
    const note = (text: string) => log.push({ kind: "note", who: c.id, text: `reconcile ${run.key}: ${text}` });
    const setMemory = (s: State, m: ControllerMemory): State => updateComponent<ControllerMemory>(s, c.id, (cur) => ({ ...cur, memory: m }));
    switch ((outcome as StepOutcome).type) {
      case "api": {
        const o = outcome as Extract<StepOutcome, { type: "api" }>;
        const req = requestOf(state, o.method, o.args);
        const sent = isStatus(req) ? { state, result: req } : send(state, c.id, req, log);
        const answer = answerOf(sent.result);
        const next: Run = { ...run, log: [...logged, { call: "api", method: o.method, args: o.args, answer }] };
        const after = setMemory(sent.state, { ...c.memory, run: next });
        // A pure reconciler's last request, or its first failure: the run has nothing left to do but end (done, or
        // requeued), so it ends in this step, the worker re-running it once more past this answer.
        if (o.pure && (o.pure.last || "error" in answer)) return stepRun(after, btreeGet(after.components, c.id) as Component, next, log);
        return { state: after };
      }
      case "done": {
        note("done");
        // Forget: a success resets the key's back-off.
        const { [run.key]: _, ...failures } = c.memory.failures;
        return { state: setMemory(state, { memory: (outcome as Extract<StepOutcome, { type: "done" }>).memory, run: null, failures }) };
      }
      case "error": {
        const failed = c.memory.failures[run.key] ?? 0;
        const { delay, bucket } = requeueDelay(failed, c.memory.bucket, state.clock.now);
        note(`error (requeued after ${delay} s): ${(outcome as Extract<StepOutcome, { type: "error" }>).message}`);
        const s = setMemory(state, { ...c.memory, run: null, failures: { ...c.memory.failures, [run.key]: failed + 1 }, bucket });
        // AddRateLimited. The back-off's timer does not hold settle open: a key that fails for ever (an object
        // the controller cannot handle) leaves a cluster that is quiet but for its retries, as a real one is.
        return { state: addAfter(s, c.id, run.key, delay, true) };
      }
      case "diverged": {
        const o = outcome as Extract<StepOutcome, { type: "diverged" }>;
        const why = `the reconcile is not deterministic: interaction ${o.index + 1} was ${o.expected}, now ${o.got}`;
        note(why);
        return { state: setMemory(state, { ...c.memory, run: { ...run, log: logged, stuck: why } }) };
      }
      default: {
        const why = (outcome as Extract<StepOutcome, { type: "stuck" }>).message ?? "it waits for something that is not the client";
        note(`stuck: ${why}`);
        return { state: setMemory(state, { ...c.memory, run: { ...run, log: logged, stuck: why } }) };
      }
    }
  };

  return {
    kind: USER_CONTROLLER_KIND,
    source: `${module} (a user's ${described.pure ? "pure reconciler" : "controller"}, run in a worker: controller/kind.ts)`,
    watches: () =>
      [...byResource].map(([resource, ws]) => {
        const namespace = informerNamespace(ws);
        return { resource, ...(namespace ? { namespace } : {}) };
      }),
    keysFor(resource, ev) {
      const keys: string[] = [];
      for (const watch of byResource.get(resource) ?? []) {
        if (watch.w.namespace !== undefined && ev.object.metadata.namespace !== watch.w.namespace) continue;
        const enqueue = watch.w.enqueue ?? "self";
        const r = enqueue === "handler" ? bridge.keys(file, watch.index, ev) : { keys: declaredKeys(enqueue, ev.object) };
        if ("keys" in r) for (const k of r.keys) if (!keys.includes(k)) keys.push(k);
      }
      return keys;
    },
    reconcile: (state, c, key, log) => stepRun(state, c, { key, log: [], memory: c.memory.memory }, log),
    inFlight: (c) => c.memory.run !== null && c.memory.run.stuck === undefined,
    resume: (state, c, log) => stepRun(state, c, c.memory.run!, log),
    initialMemory: initialControllerMemory,
  };
}

/**
 * The kind. Its worker is shared by every cluster the kind runs in (a controller's module is loaded once), and a
 * module's behaviour is made once.
 */
export function userControllerKind(bridge: ControllerBridge = new ControllerBridge()): ComponentKind {
  const behaviorOf = memoByString((module) => eraseMemory(userControllerBehavior(module, bridge)));
  return {
    kind: USER_CONTROLLER_KIND,
    source: "a user's controller (controller/kind.ts)",
    options: { module: "string" },
    make(options) {
      if (typeof options.module !== "string") throw new ConfigError("options.module", "the controller's module file is required");
      return behaviorOf(options.module);
    },
  };
}

