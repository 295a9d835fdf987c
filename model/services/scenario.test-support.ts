/**
 * Runs this scenario files with the wiring the lead will add (the endpoints and service controllers,
 * a kube-proxy per node, the kubelet, the `connect` action), so the scenarios are checked before that wiring
 * exists. Steps run as runScenario runs them; `connect` actions go to applyConnect, and every note is kept.
 */
import { readFileSync } from "node:fs";
import type { State } from "../state.ts";
import type { Action } from "../actions.ts";
import type { Effect } from "../effects.ts";
import { EffectLog } from "../effects.ts";
import { parseScenario } from "../scenario/parse.ts";
import { initialState } from "../scenario/run.ts";
import type { Expectation } from "../scenario/types.ts";
import { stepWithEffects } from "../step.ts";
import { settle } from "../settle.ts";
import { advance } from "../advance.ts";
import { get } from "../apiserver/read.ts";
import { isStatus } from "../apiserver/status.ts";
import { BUILTIN_CLUSTER } from "../cluster.ts";
import { btreeGet, btreeKeys } from "../collections/btree.ts";
import { ENDPOINTS_CONTROLLER_ID, ENDPOINTS_CONTROLLER_KIND } from "../controllers/endpoint/controller.ts";
import { SERVICE_CONTROLLER_ID, SERVICE_CONTROLLER_KIND } from "../controllers/service/controller.ts";
import { kubeProxyId, KUBE_PROXY_KIND } from "../proxy/behavior.ts";
import { applyConnect, type ConnectAction } from "../proxy/connect.ts";

export interface ScenarioRun {
  readonly state: State;
  /** Failed expectations, as runScenario words them. */
  readonly failures: readonly string[];
  /** Every note effect, in order ("who: text"). */
  readonly notes: readonly string[];
}

function fieldAt(o: unknown, path: string): unknown {
  let cur: any = o;
  for (const part of path.split(".")) {
    if (cur === undefined || cur === null) return undefined;
    const m = /^(.*)\[(\d+)\]$/.exec(part);
    cur = m ? cur[m[1]!]?.[Number(m[2])] : cur[part];
  }
  return cur;
}

function check(s: State, e: Expectation): string | undefined {
  const r = get(s, e.resource, e.namespace, e.name);
  if (isStatus(r.result)) return e.exists === false ? undefined : `${e.where}: ${e.resource} ${e.name} does not exist`;
  if (e.exists === false) return `${e.where}: ${e.resource} ${e.name} exists`;
  for (const [path, want] of Object.entries(e.fields ?? {})) {
    const got = fieldAt(r.result, path);
    if (JSON.stringify(got) !== JSON.stringify(want)) return `${e.where}: ${path} is ${JSON.stringify(got) ?? "unset"}, expected ${JSON.stringify(want)}`;
  }
  return undefined;
}

/** Parses and runs a scenario file of scenarios/. */
export function runServiceScenario(file: string): ScenarioRun {
  const sc = parseScenario(readFileSync(file, "utf8"), file);
  let s = initialState(sc, file);
  if (!btreeGet(s.components, ENDPOINTS_CONTROLLER_ID)) s = BUILTIN_CLUSTER.addComponent(s, ENDPOINTS_CONTROLLER_ID, ENDPOINTS_CONTROLLER_KIND);
  if (!btreeGet(s.components, SERVICE_CONTROLLER_ID)) s = BUILTIN_CLUSTER.addComponent(s, SERVICE_CONTROLLER_ID, SERVICE_CONTROLLER_KIND);
  for (const node of btreeKeys(s.world.machines)) if (!btreeGet(s.components, kubeProxyId(node))) s = BUILTIN_CLUSTER.addComponent(s, kubeProxyId(node), KUBE_PROXY_KIND);
  const notes: string[] = [];
  const failures: string[] = [];
  const keep = (effects: readonly Effect[]) => {
    for (const e of effects) if (e.kind === "note") notes.push(`${e.who}: ${e.text}`);
  };
  const onStep = (_a: Action, _s: State, effects: readonly Effect[]) => keep(effects);
  for (const st of sc.steps) {
    if (st.kind === "action") {
      const a = st.action as Action | ConnectAction;
      if (a.type === "connect") {
        const log = new EffectLog();
        s = applyConnect(s, a, log);
        keep(log.effects);
      } else {
        const r = stepWithEffects(s, a);
        s = r.state;
        keep(r.effects);
      }
    } else if (st.kind === "settle") {
      const r = settle(s, { onStep });
      if (!r.quiesced) failures.push("settle did not quiesce");
      s = r.state;
    } else if (st.kind === "advance") {
      s = advance(s, st.seconds, { onStep }).state;
    } else {
      const f = check(s, st.expect);
      if (f) failures.push(f);
    }
  }
  return { state: s, failures, notes };
}
