import type { Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { Scope } from "./types.ts";
import { user } from "./common.ts";
import { btreeGet } from "../../model/collections/btree.ts";
import { componentActions } from "../../model/enabled.ts";
import type { Runtime } from "../../model/components/kinds.ts";
import { storeGet } from "../../model/store/store.ts";
import { SERVICE_REPAIR_ID } from "../../model/services/repair-controller.ts";

const service = (name: string, type: string, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: "default" },
  spec: { type, selector: { app: name }, ports: [{ name: "http", port: 80, targetPort: 8080 }], ...extra },
});

/** Services the user creates and deletes: ClusterIP and NodePort ones (a LoadBalancer needs nodes: see the services scope). */
const USER_SERVICES: readonly KObject[] = [service("api", "NodePort"), service("db", "ClusterIP")];

/** The user creates the Services in a batch (the missing ones), and once all exist deletes them again. */
function userOps(state: State): Action[] {
  const missing = USER_SERVICES.filter((svc) => !storeGet(state.store, `/registry/services/default/${svc.metadata.name}`));
  if (missing.length > 0) return missing.map((svc) => user({ verb: "create", resource: "services", namespace: "default", object: svc }));
  return USER_SERVICES.map((svc) => user({ verb: "delete", resource: "services", namespace: "default", name: svc.metadata.name }));
}

/** The repair loop's enabled actions, leaving out its Service watch once it has listed (a list that lags). */
function repairSteps(rt: Runtime, state: State): Action[] {
  const c = btreeGet(state.components, SERVICE_REPAIR_ID);
  if (!c) return [];
  const listed = c.informers.services?.synced === true;
  return componentActions(rt, state, c).filter((a) => !(listed && a.type === "informer.sync"));
}

/**
 * The repair loop's first list alone while it has not listed (nothing else can happen to it before), then its
 * runs (on that list, its watch left behind) among the user's Service creates and deletes.
 */
function repairAndUser(state: State, rt: Runtime): Action[] {
  const repair = repairSteps(rt, state);
  if (repair.some((a) => a.type === "informer.sync")) return repair;
  return [...repair, ...userOps(state)];
}

/**
 * The Service ClusterIP and NodePort allocators while Services are created and deleted, and the allocator repair
 * loop runs on a Service list that lags: its watch is left behind once it has listed, as the weakly consistent
 * list of kubernetes#37488 misses a Service whose address was just allocated. The repair loop's next steps are
 * offered as operations (lag.ts: each is an enabled action, so this only makes likely an interleaving the
 * checker could pick anyway), with the user's Service creates (a batch) and deletes; faults: repair restarts,
 * compaction.
 *
 * Runs start from the settled cluster (Scope.warmUp): the repair loop has listed and run once over "web" and
 * "web-np"; a new list (and run) on a stale view comes from a repair restart or its periodic run. Without the
 * warm-up the bounded explorer spent its states on the first informer lists of every component.
 */
export const serviceAllocation: Scope = {
  id: "service-allocation",
  description: "ClusterIP and NodePort Services created and deleted while the allocator repair loop works from a lagging Service list; repair restarts, compaction",
  needs: ["service-allocator-repair"],
  nodes: [],
  objects: [service("web", "ClusterIP"), service("web-np", "NodePort")],
  ops: repairAndUser,
  faults(state, rt) {
    return [...repairAndUser(state, rt), { type: "component.restart", component: SERVICE_REPAIR_ID }, { type: "store.compact" }];
  },
  warmUp: true,
  maxFaults: 2,
  settleTime: 30,
};
