/**
 * The world actions the kubelet's side of the world answers (model/world/handlers.ts): machine crash and
 * recovery, network partition and heal, a container exiting, a readiness probe changing its answer.
 * - node.crash: the machine is down; every sandbox, container and pod directory on it is gone (hostPaths stay
 *   on disk); its kubelet neither watches nor works (kubeletBehavior.active).
 * - node.recover: the machine is up again with nothing running, and its kubelet starts afresh (restartComponent:
 *   empty caches, queue and memory), so it lists its pods and runs those still bound to it.
 * - node.partition / node.heal: the machine loses / regains its path to the API server; containers keep
 *   running, the kubelet works locally, its API requests fail with 503 (client.ts) and it cannot watch.
 * - container.crash: the named running container exits with the code; the pod's key goes to the kubelet's queue
 *   (the PLEG's ContainerDied event). `pod` may end in "*" to name every current pod with that prefix.
 * - pod.readiness: the readiness probe of the container (or of every app container) now answers `ready`, and
 *   the kubelet's readiness result flips at once (no threshold counting): a probe.set rule for the pod plus the
 *   result, so the probe workers agree with it afterwards.
 * - probe.set: a rule of the world's probe outcomes (model/world/probe-outcomes.ts); the probe workers of the
 *   namespace's pods are made one-shot so the next run of each counts it (probe-worker.ts).
 * Pods are found through the API object's spec.nodeName and then, on that machine, by namespace/name (so a
 * static pod is found by its mirror pod's name).
 */
import type { Action } from "../actions.ts";
import type { Machine, RuntimeContainer, RuntimePod, State } from "../state.ts";
import type { EffectLog } from "../effects.ts";
import { btreeEmpty } from "../collections/btree.ts";
import type { WorldHandler } from "../world/handlers.ts";
import type { Runtime } from "../components/kinds.ts";
import { restartComponent } from "../components/lifecycle.ts";
import { updateComponent } from "../components/update.ts";
import { queueAdd } from "../informers/workqueue.ts";
import { storeGet, storeRangePrefix } from "../store/store.ts";
import { BUILTIN_BY_ID, storageKey, storagePrefix } from "../apiserver/resources.ts";
import { getMachine, putRuntimePod, runtimePodsNamed, updateMachine } from "../world/machine.ts";
import { kubeletId, podKey } from "./keys.ts";
import { exitContainer } from "./runtime-container.ts";
import { kubeProxyId } from "../proxy/behavior.ts";
import { describeAction } from "../actions.ts";
import { addProbeRule, type ProbeOutcome } from "../world/probe-outcomes.ts";
import { wakeProbeWorkers } from "./probe-worker.ts";

const PODS_INFO = BUILTIN_BY_ID.get("pods")!;

/** A trailing "*" in a pod name of a world action names every current pod with that prefix. */
export const POD_WILDCARD = "*";

/** A pod sandbox a world action targets, with the machine it is on. */
interface Target {
  readonly node: string;
  readonly runtime: RuntimePod;
}

function podNames(state: State, namespace: string, pod: string): string[] {
  if (!pod.endsWith(POD_WILDCARD)) return [pod];
  const base = storagePrefix(PODS_INFO, namespace);
  const r = storeRangePrefix(state.store, `${base}${pod.slice(0, -POD_WILDCARD.length)}`);
  return r.ok ? r.kvs.map((kv) => kv.key.slice(base.length)) : [];
}

/** The sandboxes a pod name (or prefix) refers to, on machines that are up. */
function targets(state: State, namespace: string, pod: string): Target[] {
  const out: Target[] = [];
  for (const name of podNames(state, namespace, pod)) {
    const api = storeGet(state.store, storageKey(PODS_INFO, namespace, name))?.value;
    const node: string | undefined = api?.spec?.nodeName;
    const m = node ? getMachine(state, node) : undefined;
    if (!m || !m.up || !node) continue;
    const named = runtimePodsNamed(m, namespace, name);
    const rp = named.find((r) => r.uid === api!.metadata.uid) ?? named.find((r) => r.sandboxRunning);
    if (rp) out.push({ node, runtime: rp });
  }
  return out;
}

/** Adds a key to the queue of the kubelet of `node` (the PLEG telling the sync loop a pod changed). */
function wakeKubelet(state: State, node: string, key: string): State {
  return updateComponent(state, kubeletId(node), (c) => {
    const queue = queueAdd(c.queue, key);
    return queue === c.queue ? c : { ...c, queue };
  });
}

function mapContainers(rp: RuntimePod, f: (c: RuntimeContainer, init: boolean) => RuntimeContainer): RuntimePod {
  const initContainers = rp.initContainers.map((c) => f(c, true));
  const containers = rp.containers.map((c) => f(c, false));
  const same = initContainers.every((c, i) => c === rp.initContainers[i]) && containers.every((c, i) => c === rp.containers[i]);
  return same ? rp : { ...rp, initContainers, containers };
}

/** node.crash: the machine goes down with everything it runs. */
export function applyNodeCrash(state: State, action: Action, log: EffectLog): State {
  if (action.type !== "node.crash") return state;
  const m = getMachine(state, action.node);
  if (!m || !m.up) return state;
  log.push({ kind: "note", who: `node/${action.node}`, text: `machine down: ${m.pods.size} pod sandboxes lost` });
  return updateMachine(state, action.node, (mm): Machine => ({ ...mm, up: false, pods: btreeEmpty() }));
}

/** node.recover: the machine comes back empty and its kubelet restarts. */
export function applyNodeRecover(state: State, action: Action, log: EffectLog, rt: Runtime): State {
  if (action.type !== "node.recover") return state;
  const m = getMachine(state, action.node);
  if (!m || m.up) return state;
  log.push({ kind: "note", who: `node/${action.node}`, text: "machine up; kubelet starts" });
  const s = updateMachine(state, action.node, (mm) => ({ ...mm, up: true }));
  // The machine rebooted: kube-proxy starts afresh too, with no rules until it has synced.
  return restartComponent(rt, restartComponent(rt, s, kubeletId(action.node)), kubeProxyId(action.node));
}

/** node.partition and node.heal: the machine loses / regains the API server. */
export function applyNodePartition(state: State, action: Action, log: EffectLog): State {
  if (action.type !== "node.partition" && action.type !== "node.heal") return state;
  const partitioned = action.type === "node.partition";
  const m = getMachine(state, action.node);
  if (!m || m.partitioned === partitioned) return state;
  log.push({ kind: "note", who: `node/${action.node}`, text: partitioned ? "cut off from the API server" : "API server reachable again" });
  return updateMachine(state, action.node, (mm) => ({ ...mm, partitioned }));
}

/** container.crash: a running container exits with a code; its kubelet is woken. */
export function applyContainerCrash(state: State, action: Action, log: EffectLog): State {
  if (action.type !== "container.crash") return state;
  let s = state;
  for (const t of targets(state, action.namespace, action.pod)) {
    const next = mapContainers(t.runtime, (c) => (c.name === action.container ? exitContainer(c, action.exitCode, s.clock.now) : c));
    if (next === t.runtime) continue;
    log.push({ kind: "note", who: `node/${t.node}`, text: `container ${action.container} of pod ${t.runtime.namespace}/${t.runtime.name} exited with ${action.exitCode}` });
    s = putRuntimePod(s, t.node, next);
    s = wakeKubelet(s, t.node, podKey(t.runtime.namespace, t.runtime.name));
  }
  return s;
}

/** pod.readiness: the readiness probe answer of running containers changes; its kubelet is woken. */
export function applyPodReadiness(state: State, action: Action, log: EffectLog): State {
  if (action.type !== "pod.readiness") return state;
  const result: ProbeOutcome = action.ready ? "success" : "failure";
  const rule = { namespace: action.namespace, pod: action.pod, ...(action.container !== undefined ? { container: action.container } : {}), probe: "readiness" as const, result } as const;
  let s = wakeProbeWorkers(setProbeRules(state, addProbeRule(state.world, rule)), action.namespace);
  for (const t of targets(state, action.namespace, action.pod)) {
    const next = mapContainers(t.runtime, (c, init) => {
      const named = action.container === undefined ? !init : c.name === action.container;
      if (!named || c.state !== "running" || c.ready === action.ready) return c;
      const probes = init ? c.probes : { ...c.probes, readiness: { result, last: result, run: 1 } };
      return { ...c, ready: action.ready, ...(probes ? { probes } : {}) };
    });
    if (next === t.runtime) continue;
    log.push({ kind: "note", who: `node/${t.node}`, text: `readiness of pod ${t.runtime.namespace}/${t.runtime.name}${action.container ? ` container ${action.container}` : ""}: ${action.ready}` });
    s = putRuntimePod(s, t.node, next);
    s = wakeKubelet(s, t.node, podKey(t.runtime.namespace, t.runtime.name));
  }
  return s;
}

const setProbeRules = (state: State, world: State["world"]): State => (world === state.world ? state : { ...state, world });

/** probe.set: what a probe of the named pods' container answers from now on. */
export function applyProbeSet(state: State, action: Action, log: EffectLog): State {
  if (action.type !== "probe.set" || (action.pod === undefined) === (action.selector === undefined)) return state;
  const { type: _t, ...rule } = action;
  const world = addProbeRule(state.world, rule);
  log.push({ kind: "note", who: "world", text: describeAction(action) });
  return wakeProbeWorkers(setProbeRules(state, world), action.namespace);
}

/** The world actions the kubelet's side of the world answers (model/world-actions.ts dispatches them). */
export const KUBELET_WORLD_HANDLERS = {
  "node.crash": applyNodeCrash,
  "node.recover": applyNodeRecover,
  "node.partition": applyNodePartition,
  "node.heal": applyNodePartition,
  "container.crash": applyContainerCrash,
  "pod.readiness": applyPodReadiness,
  "probe.set": applyProbeSet,
} as const satisfies Record<string, WorldHandler>;

/** Exported for tests: the sandbox a world action on namespace/pod would hit first. */
export const targetOf = (state: State, namespace: string, pod: string): RuntimePod | undefined => targets(state, namespace, pod)[0]?.runtime;
