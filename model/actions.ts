/**
 * Every way the cluster can change, as plain JSON. Component actions (informer.sync, reconcile, clock.tick) are
 * what `enabled` offers; user requests and faults come from scenarios and the checker's generators.
 */
import type { ApiRequest } from "./apiserver/request.ts";
import type { ConnectAction } from "./proxy/connect.ts";

export type Action =
  /** A client (a user, kubectl, a test) sends one request to the API server. */
  | { readonly type: "api"; readonly client: string; readonly request: ApiRequest }
  /** An informer of a component takes its pending watch events (or lists, when it has none or got 410). */
  | { readonly type: "informer.sync"; readonly component: string; readonly resource: string; readonly limit?: number }
  /** Resync: an informer hands every cached object to its handlers again (all informers when resource is unset). */
  | { readonly type: "informer.resync"; readonly component: string; readonly resource?: string }
  /**
   * Rewatch: a component evaluates its `watches` against the cluster again and starts and stops informers to
   * match (what a periodic timer of a kind with a rewatchPeriod does: the garbage collector's discovery sync).
   */
  | { readonly type: "informer.rewatch"; readonly component: string }
  /** A component's worker takes the key at the front of its work queue and runs the sync handler. */
  | { readonly type: "reconcile"; readonly component: string }
  /** Time passes; timers that fall due fire in order. */
  | { readonly type: "clock.advance"; readonly seconds: number }
  /** Jump to the next timer and fire it. */
  | { readonly type: "clock.tick" }
  /** Fault: a component restarts, losing caches, queue and local memory. */
  | { readonly type: "component.restart"; readonly component: string }
  /** Fault: etcd compacts its history up to a revision (default: the current one). */
  | { readonly type: "store.compact"; readonly revision?: number }
  /** A key is added to a component's work queue (what a timer set by AddAfter does when it fires). */
  | { readonly type: "enqueue"; readonly component: string; readonly key: string }
  /** Fault: a machine crashes (its containers are gone, its kubelet stops) / comes back. */
  | { readonly type: "node.crash"; readonly node: string }
  | { readonly type: "node.recover"; readonly node: string }
  /** Fault: a machine loses / regains its network path to the API server (containers keep running). */
  | { readonly type: "node.partition"; readonly node: string }
  | { readonly type: "node.heal"; readonly node: string }
  /** Fault: a container of a pod exits with a code. */
  | { readonly type: "container.crash"; readonly namespace: string; readonly pod: string; readonly container: string; readonly exitCode: number }
  /** A container's readiness probe starts failing or succeeding. */
  | { readonly type: "pod.readiness"; readonly namespace: string; readonly pod: string; readonly container?: string; readonly ready: boolean }
  /**
   * The probes of one kind of a container of the named pods (by name, "*"-suffixed prefix, or label selector)
   * answer `result` from now on (model/world/probe-outcomes.ts); the kubelet's probe workers count it against
   * their thresholds. Every probe succeeds until a probe.set says otherwise.
   */
  | {
      readonly type: "probe.set";
      readonly namespace: string;
      readonly pod?: string;
      readonly selector?: string;
      readonly container?: string;
      readonly probe: "readiness" | "liveness" | "startup";
      readonly result: "success" | "failure" | "timeout";
    }
  /** The metrics source reports new usage for a pod (HPA input). */
  | { readonly type: "metrics.set"; readonly namespace: string; readonly pod: string; readonly cpuMilli?: number; readonly custom?: Readonly<Record<string, number>> }
  /** A client opens a connection; kube-proxy's rules say which pod serves it (model/proxy/connect.ts). */
  | ConnectAction;

export type ActionType = Action["type"];

/** Whether an action is a fault (bounded by the checker). */
export const isFault = (a: Action): boolean =>
  a.type === "component.restart" ||
  a.type === "store.compact" ||
  a.type === "node.crash" ||
  a.type === "node.partition" ||
  a.type === "container.crash" ||
  (a.type === "probe.set" && a.result !== "success" && a.probe !== "readiness");

/**
 * Disruptions: faults, plus what a user or the environment does that takes pods away (a pod deletion, a
 * readiness flip). Properties that hold only in undisturbed runs (maxUnavailable) are not checked after one.
 */
export function isDisruption(a: Action): boolean {
  if (isFault(a) || a.type === "pod.readiness" || a.type === "probe.set") return true;
  return a.type === "api" && a.request.verb === "delete" && a.request.resource === "pods";
}

/** The component an action belongs to ("user", "clock", "etcd" otherwise), for traces and fairness. */
export function actorOf(a: Action): string {
  switch (a.type) {
    case "api":
      return a.client;
    case "informer.sync":
    case "informer.resync":
    case "informer.rewatch":
    case "reconcile":
    case "component.restart":
      return a.component;
    case "clock.advance":
    case "clock.tick":
      return "clock";
    case "store.compact":
      return "etcd";
    case "enqueue":
      return a.component;
    case "node.crash":
    case "node.recover":
    case "node.partition":
    case "node.heal":
      return `node/${a.node}`;
    case "container.crash":
    case "pod.readiness":
      return `pod/${a.namespace}/${a.pod}`;
    case "probe.set":
      return `pod/${a.namespace}/${a.pod ?? a.selector ?? "*"}`;
    case "metrics.set":
      return "metrics";
    case "connect":
      return a.node ? `node/${a.node}` : "client";
  }
}

/** A one-line human description of an action. */
export function describeAction(a: Action): string {
  switch (a.type) {
    case "api": {
      const r = a.request;
      const obj = "object" in r ? r.object?.metadata?.name ?? r.object?.metadata?.generateName : undefined;
      const name = "name" in r ? r.name : obj;
      // A subresource shows as kubectl writes its URL: pods/web-0/binding, nodes/n1/proxy/pods.
      const sub = "subresource" in r && r.subresource ? `/${r.subresource}${"path" in r && r.path ? `/${String(r.path).replace(/^\/+/, "")}` : ""}` : "";
      return `${a.client}: ${r.verb} ${r.resource}${r.namespace ? ` -n ${r.namespace}` : ""}${name ? ` ${name}${sub}` : ""}`;
    }
    case "informer.sync":
      return `${a.component}: informer sync ${a.resource}${a.limit ? ` (≤${a.limit} events)` : ""}`;
    case "reconcile":
      return `${a.component}: reconcile`;
    case "informer.resync":
      return `${a.component}: informer resync${a.resource ? ` ${a.resource}` : ""}`;
    case "informer.rewatch":
      return `${a.component}: informer rewatch`;
    case "clock.advance":
      return `clock: advance ${a.seconds}s`;
    case "clock.tick":
      return "clock: tick to next timer";
    case "component.restart":
      return `fault: restart ${a.component}`;
    case "store.compact":
      return `fault: etcd compaction${a.revision !== undefined ? ` at ${a.revision}` : ""}`;
    case "enqueue":
      return `${a.component}: enqueue ${a.key}`;
    case "node.crash":
      return `fault: node ${a.node} crashes`;
    case "node.recover":
      return `node ${a.node} recovers`;
    case "node.partition":
      return `fault: node ${a.node} partitioned from the API server`;
    case "node.heal":
      return `node ${a.node} partition heals`;
    case "container.crash":
      return `fault: container ${a.container} of pod ${a.namespace}/${a.pod} exits with ${a.exitCode}`;
    case "pod.readiness":
      return `pod ${a.namespace}/${a.pod}${a.container ? ` container ${a.container}` : ""} readiness → ${a.ready}`;
    case "probe.set":
      return `pod${a.pod !== undefined ? ` ${a.namespace}/${a.pod}` : `s ${a.selector ?? ""} -n ${a.namespace}`}${a.container ? ` container ${a.container}` : ""} ${a.probe} probe → ${a.result}`;
    case "metrics.set":
      return `metrics: pod ${a.namespace}/${a.pod}${a.cpuMilli !== undefined ? ` cpu ${a.cpuMilli}m` : ""}${a.custom ? ` ${JSON.stringify(a.custom)}` : ""}`;
    case "connect":
      return `connect ${a.clientIP}${a.node ? ` on ${a.node}` : ""} → ${a.ip}:${a.port}${a.protocol && a.protocol !== "TCP" ? `/${a.protocol}` : ""}`;
  }
}
