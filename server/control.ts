/**
 * The control API of `kubeprop serve`, under /kubeprop/v1/ (what `kubeprop ctl` calls): let time pass, inject a
 * fault, take any model action, run the invariants on the current state, read the recorded trace. Answers are JSON;
 * a bad request is a 400 Status naming the field, as the rest of the server answers.
 *
 *   GET  /kubeprop/v1/status              clock, revision, steps recorded, violations seen, open watches
 *   POST /kubeprop/v1/advance  {duration}  let "30s" (or {seconds: 30}) of logical time pass
 *   POST /kubeprop/v1/faults   {fault, node?, component?, namespace?, pod?, container?, exitCode?, ready?}
 *                                         crash|recover|partition|heal a node, restart a component,
 *                                         crash a container, make a pod's readiness fail or pass
 *   POST /kubeprop/v1/actions  {action}    take one raw model action (the trace format's steps)
 *   GET  /kubeprop/v1/check               safety and convergence invariants on the current state
 *   GET  /kubeprop/v1/trace               the session so far as a trace document
 */
import type { Action } from "../model/actions.ts";
import type { Status } from "../model/apiserver/status.ts";
import { parseDuration } from "../model/clock.ts";
import { btreeGet, btreeRange } from "../model/collections/btree.ts";
import { validateAction } from "../model/scenario/validate-action.ts";
import type { ServedCluster } from "./served-cluster.ts";
import { httpStatus } from "./statuses.ts";
import { pathNotFound } from "../model/apiserver/status.ts";

export interface ControlAnswer {
  readonly code: number;
  readonly body: unknown;
}

/** Thrown inside this module only, turned into a 400 Status naming the field. */
class BadControl extends Error {}

const bad = (why: string): never => {
  throw new BadControl(why);
};

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const str = (b: Record<string, unknown>, k: string): string => (typeof b[k] === "string" && b[k] !== "" ? (b[k] as string) : bad(`${k}: a non-empty string is required`));

/** The fault a /faults body names, as a model action. */
export function faultAction(cluster: ServedCluster, b: Record<string, unknown>): Action {
  const fault = str(b, "fault");
  const node = () => {
    const n = str(b, "node");
    if (!btreeGet(cluster.state.world.machines, n)) bad(`node: no machine named "${n}"`);
    return n;
  };
  switch (fault) {
    case "crash":
      return { type: "node.crash", node: node() };
    case "recover":
      return { type: "node.recover", node: node() };
    case "partition":
      return { type: "node.partition", node: node() };
    case "heal":
      return { type: "node.heal", node: node() };
    case "restart": {
      const c = str(b, "component");
      if (!btreeGet(cluster.state.components, c)) bad(`component: no component "${c}" (see GET /kubeprop/v1/status for the list)`);
      return { type: "component.restart", component: c };
    }
    case "container-crash":
      return { type: "container.crash", namespace: typeof b.namespace === "string" ? b.namespace : "default", pod: str(b, "pod"), container: str(b, "container"), exitCode: typeof b.exitCode === "number" ? b.exitCode : 1 };
    case "readiness":
      if (typeof b.ready !== "boolean") bad("ready: true or false is required");
      return { type: "pod.readiness", namespace: typeof b.namespace === "string" ? b.namespace : "default", pod: str(b, "pod"), ...(typeof b.container === "string" ? { container: b.container } : {}), ready: b.ready as boolean };
    case "probe": {
      // What a probe of the named pods' container answers from now on (a probe.set; the kubelet counts it).
      const { fault: _f, ...rest } = b;
      return validateAction({ type: "probe.set", namespace: "default", ...rest }, (where, why) => bad(`${where.replace(/^\./, "") || "probe"}: ${why}`));
    }
    default:
      return bad(`fault: unknown fault "${fault}" (crash, recover, partition, heal, restart, container-crash, readiness, probe)`);
  }
}

/** `watches`: the watch streams open now (the WatchHub's size), shown by GET /status so a leak shows. */
export function control(cluster: ServedCluster, method: string, url: URL, body: unknown, watches = 0): ControlAnswer {
  const route = `${method} ${url.pathname.replace(/\/+$/, "")}`;
  const b = isObj(body) ? body : {};
  try {
    switch (route) {
      case "GET /kubeprop/v1/status":
        return ok({ ...statusOf(cluster), watches });
      case "POST /kubeprop/v1/advance": {
        let seconds: number;
        if (typeof b.seconds === "number") seconds = b.seconds;
        else {
          try {
            seconds = parseDuration(str(b, "duration"));
          } catch (e) {
            return bad(`duration: ${(e as Error).message}`);
          }
        }
        if (!Number.isFinite(seconds) || seconds < 0 || seconds > 365 * 24 * 3600) bad("duration: between 0 and one year");
        const r = cluster.advance(seconds);
        return ok({ ...r, now: cluster.state.clock.now });
      }
      case "POST /kubeprop/v1/faults": {
        const a = faultAction(cluster, b);
        return ok({ action: a, ...cluster.act(a) });
      }
      case "POST /kubeprop/v1/actions": {
        if (!isObj(b.action)) bad("action: an action object is required");
        const a = validateAction(b.action, (where, why) => bad(`action${where}: ${why}`));
        return ok({ action: a, ...cluster.act(a) });
      }
      case "GET /kubeprop/v1/check": {
        const c = cluster.check();
        return ok({ safety: c.safety, convergence: c.convergence, seen: cluster.violations });
      }
      case "GET /kubeprop/v1/trace":
        return ok(cluster.trace());
      default:
        return { code: 404, body: pathNotFound() };
    }
  } catch (e) {
    if (e instanceof BadControl) return { code: 400, body: httpStatus(400, "BadRequest", e.message) as Status };
    throw e;
  }
}

const ok = (body: unknown): ControlAnswer => ({ code: 200, body });

function statusOf(cluster: ServedCluster) {
  const s = cluster.state;
  const components: string[] = [];
  for (const [id] of btreeRange(s.components)) components.push(id);
  return {
    clock: { mode: cluster.clock, now: s.clock.now },
    revision: s.store.revision,
    steps: cluster.actions.length,
    components,
    violations: cluster.violations,
  };
}
