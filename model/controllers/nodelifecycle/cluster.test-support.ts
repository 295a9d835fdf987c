/**
 * Helpers for the node lifecycle tests: a cluster whose nodes have no kubelet (nobody renews their heartbeat
 * unless the test does), pods placed on nodes with a Ready condition, and time passing with chosen nodes alive.
 */
import { componentAt, type State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { bootstrap } from "../../bootstrap.ts";
import { DEFAULT_CONTROL_PLANE, type Options } from "../../config.ts";
import { addNode, kubeletId } from "../../add-node.ts";
import { clearTimer } from "../../timers.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus } from "../../apiserver/status.ts";
import type { ApiRequest } from "../../apiserver/request.ts";
import { advance } from "../../advance.ts";
import { settle } from "../../settle.ts";
import { timestamp } from "../../clock.ts";
import { btreeDelete, btreeGet, btreePrefix } from "../../collections/btree.ts";
import { NODE_LIFECYCLE_ID, NODE_LIFECYCLE_KIND } from "./behavior.ts";
import type { NodeLifecycleMemory } from "./memory.ts";
import type { Taint } from "./taints.ts";

export const CAPACITY = { cpu: "4", memory: "8Gi", pods: "110" };

/** A request that must succeed. */
export function must(s: State, req: ApiRequest): { state: State; obj: KObject } {
  const r = handle(s, req);
  if (isStatus(r.result)) throw new Error(`${req.verb} ${req.resource}: ${r.result.code} ${r.result.message}`);
  return { state: r.state, obj: r.result };
}

/** Every control-plane kind but `keep`: the tests run these controllers only. */
export const onlyControlPlane = (...keep: string[]): string[] => DEFAULT_CONTROL_PLANE.map((c) => c.kind).filter((k) => !keep.includes(k));

/**
 * The machine's kubelet taken away (if the registry runs one): its component and its timers. A node without a
 * kubelet never renews its heartbeat unless the test does (see `heartbeat`).
 */
export function withoutKubelet(s: State, node: string): State {
  const id = kubeletId(node);
  if (!btreeGet(s.components, id)) return s;
  s = { ...s, components: btreeDelete(s.components, id) };
  for (const [timerId] of [...btreePrefix(s.timers.byId, `${id}|`)]) s = clearTimer(s, timerId);
  return s;
}

/**
 * A settled cluster running only the node lifecycle controller (with `options`: a bug-zoo variant), with
 * kubelet-less nodes (name → labels).
 */
export function clusterWith(options: Options, nodes: Record<string, Record<string, string>>): State {
  const components = DEFAULT_CONTROL_PLANE.filter((c) => c.kind === NODE_LIFECYCLE_KIND).map((c) => ({ ...c, options }));
  let s = bootstrap({ config: { components } });
  for (const [name, labels] of Object.entries(nodes)) {
    const r = addNode(s, { name, capacity: CAPACITY, labels });
    if (r.error) throw new Error(r.error.message);
    s = withoutKubelet(r.state, name);
  }
  return settle(s).state;
}

/** A running pod bound to `node`, with Ready=True (what its kubelet would have reported). */
export function runPod(s: State, name: string, node: string, spec: Record<string, unknown> = {}): State {
  const pod: KObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels: { app: "web" } },
    spec: { nodeName: node, containers: [{ name: "app", image: "nginx:1.25" }], ...spec },
  };
  s = must(s, { verb: "create", resource: "pods", namespace: "default", object: pod }).state;
  const ts = timestamp(s.clock.now);
  return must(s, {
    verb: "patch",
    resource: "pods",
    namespace: "default",
    name,
    subresource: "status",
    patch: { status: { phase: "Running", conditions: [{ type: "Ready", status: "True", lastTransitionTime: ts }] } },
  }).state;
}

/** The kubelet's status heartbeat: Ready=True with a fresh lastHeartbeatTime. */
export function heartbeat(s: State, node: string): State {
  const live = must(s, { verb: "get", resource: "nodes", name: node }).obj;
  const ts = timestamp(s.clock.now);
  const ready = (live.status?.conditions ?? []).find((c: any) => c.type === "Ready");
  const transition = ready?.status === "True" ? ready.lastTransitionTime : ts;
  return must(s, {
    verb: "patch",
    resource: "nodes",
    name: node,
    subresource: "status",
    patch: { status: { conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: ts, lastTransitionTime: transition }] } },
  }).state;
}

/** Lets `seconds` pass, `alive` nodes posting a heartbeat every `every` seconds. */
export function run(s: State, seconds: number, alive: readonly string[] = [], every = 10): State {
  const until = s.clock.now + seconds;
  while (s.clock.now < until) {
    for (const n of alive) s = heartbeat(s, n);
    s = advance(s, Math.min(every, until - s.clock.now)).state;
  }
  return s;
}

export const getNode = (s: State, name: string): KObject => must(s, { verb: "get", resource: "nodes", name }).obj;
export const getPod = (s: State, name: string): KObject | undefined => {
  const r = handle(s, { verb: "get", resource: "pods", namespace: "default", name });
  return isStatus(r.result) ? undefined : r.result;
};
export const readyOf = (o: KObject): string | undefined => (o.status?.conditions ?? []).find((c: any) => c.type === "Ready")?.status;
export const taintsOf = (n: KObject): Taint[] => n.spec?.taints ?? [];
export const noExecute = (n: KObject): string[] => taintsOf(n).filter((t) => t.effect === "NoExecute").map((t) => t.key);
export const memory = (s: State): NodeLifecycleMemory => componentAt<NodeLifecycleMemory>(s, NODE_LIFECYCLE_ID)!.memory;
