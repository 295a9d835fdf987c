/**
 * Every way the cluster can change, as plain JSON. Component actions (informer.sync, reconcile, clock.tick) are
 * what `enabled` offers; user requests and faults come from scenarios and the checker's generators.
 */
import type { ApiRequest } from "./apiserver/request.ts";

export type Action =
  /** A client (a user, kubectl, a test) sends one request to the API server. */
  | { readonly type: "api"; readonly client: string; readonly request: ApiRequest }
  /** An informer of a component takes its pending watch events (or lists, when it has none or got 410). */
  | { readonly type: "informer.sync"; readonly component: string; readonly resource: string; readonly limit?: number }
  /** A component's worker takes the key at the front of its work queue and runs the sync handler. */
  | { readonly type: "reconcile"; readonly component: string }
  /** Time passes; timers that fall due fire in order. */
  | { readonly type: "clock.advance"; readonly seconds: number }
  /** Jump to the next timer and fire it. */
  | { readonly type: "clock.tick" }
  /** Fault: a component restarts, losing caches, queue and local memory. */
  | { readonly type: "component.restart"; readonly component: string }
  /** Fault: etcd compacts its history up to a revision (default: the current one). */
  | { readonly type: "store.compact"; readonly revision?: number };

export type ActionType = Action["type"];

/** Whether an action is a fault (bounded by the checker). */
export const isFault = (a: Action): boolean => a.type === "component.restart" || a.type === "store.compact";

/** The component an action belongs to ("user", "clock", "etcd" otherwise), for traces and fairness. */
export function actorOf(a: Action): string {
  switch (a.type) {
    case "api":
      return a.client;
    case "informer.sync":
    case "reconcile":
    case "component.restart":
      return a.component;
    case "clock.advance":
    case "clock.tick":
      return "clock";
    case "store.compact":
      return "etcd";
  }
}

/** A one-line human description of an action. */
export function describeAction(a: Action): string {
  switch (a.type) {
    case "api": {
      const r = a.request;
      const obj = "object" in r ? r.object?.metadata?.name ?? r.object?.metadata?.generateName : undefined;
      const name = "name" in r ? r.name : obj;
      return `${a.client}: ${r.verb} ${r.resource}${r.namespace ? ` -n ${r.namespace}` : ""}${name ? ` ${name}` : ""}`;
    }
    case "informer.sync":
      return `${a.component}: informer sync ${a.resource}${a.limit ? ` (≤${a.limit} events)` : ""}`;
    case "reconcile":
      return `${a.component}: reconcile`;
    case "clock.advance":
      return `clock: advance ${a.seconds}s`;
    case "clock.tick":
      return "clock: tick to next timer";
    case "component.restart":
      return `fault: restart ${a.component}`;
    case "store.compact":
      return `fault: etcd compaction${a.revision !== undefined ? ` at ${a.revision}` : ""}`;
  }
}
