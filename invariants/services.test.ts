import { describe, expect, it } from "vitest";
import type { Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import { step } from "../model/step.ts";
import { settle } from "../model/settle.ts";
import { handle } from "../model/apiserver/handle.ts";
import { isStatus } from "../model/apiserver/status.ts";
import { storeGet } from "../model/store/store.ts";
import { initialState } from "../model/scenario/run.ts";
import { scopeScenario } from "../properties/run.ts";
import { services } from "../properties/scopes/services.ts";
import { bugById, stateWithBug } from "../properties/bugs/index.ts";
import { ENDPOINTS_CONTROLLER_ID } from "../model/controllers/endpoint/controller.ts";
import { endpointsConverged, endpointsDeletedOnlyWithService, endpointsReadyAddresses } from "./services.ts";

const EP = ENDPOINTS_CONTROLLER_ID;
const user = (request: any): Action => ({ type: "api", client: "user", request });
const must = (s: State, request: any): State => {
  const r = handle(s, request);
  if (isStatus(r.result)) throw new Error(r.result.message);
  return r.state;
};
const messages = (vs: readonly { message: string }[]) => vs.map((v) => v.message);

/** The services scope's cluster, settled: two Ready pods behind Services web and web-np. */
const settled = (): State => settle(initialState(scopeScenario(services))).state;

/** Deletes pod web-0 and lets the endpoints controller (only) see it and sync the Services it backs. */
function deleteAndSync(s0: State): { afterSync: State; afterReconcile: State } {
  let s = step(s0, user({ verb: "delete", resource: "pods", namespace: "default", name: "web-0" }));
  s = step(s, { type: "informer.sync", component: EP, resource: "pods" });
  const afterSync = s;
  s = step(s, { type: "reconcile", component: EP });
  s = step(s, { type: "reconcile", component: EP });
  return { afterSync, afterReconcile: s };
}

const readyAddresses = (s: State, name: string): string[] =>
  ((storeGet(s.store, `/registry/endpoints/default/${name}`)?.value.subsets ?? []) as any[]).flatMap((x: any) => (x.addresses ?? []).map((a: any) => a.targetRef.name)).sort();

describe("endpoints-ready-addresses", () => {
  it("holds on the settled cluster and while the controller has not synced a pod's deletion yet", () => {
    const s = settled();
    expect(readyAddresses(s, "web")).toEqual(["web-0", "web-1"]);
    expect(endpointsReadyAddresses.check(s)).toEqual([]);
    // The controller's cache has the terminating pod but the Service's key is still queued: allowed lag.
    const { afterSync, afterReconcile } = deleteAndSync(s);
    expect(readyAddresses(afterSync, "web")).toEqual(["web-0", "web-1"]);
    expect(endpointsReadyAddresses.check(afterSync, s)).toEqual([]);
    expect(readyAddresses(afterReconcile, "web")).toEqual(["web-1"]);
    expect(endpointsReadyAddresses.check(afterReconcile, afterSync)).toEqual([]);
  });

  it("flags a sync that keeps a terminating pod ready (kubernetes#54723)", () => {
    const { afterSync, afterReconcile } = deleteAndSync(stateWithBug(settled(), bugById("endpoints-terminating-ready")!));
    expect(readyAddresses(afterReconcile, "web")).toEqual(["web-0", "web-1"]);
    expect(messages(endpointsReadyAddresses.check(afterReconcile, afterSync))).toEqual([
      "Endpoints default/web lists pod default/web-0 (10.244.0.2) as ready, but the endpoints controller has synced the Service from a cache in which the pod is terminating",
      "Endpoints default/web-np lists pod default/web-0 (10.244.0.2) as ready, but the endpoints controller has synced the Service from a cache in which the pod is terminating",
    ]);
  });
});

describe("endpoints-converged", () => {
  it("holds once the cluster has settled, also after a pod is deleted and the cluster settles again", () => {
    const s = settled();
    expect(endpointsConverged.check(s)).toEqual([]);
    const later = settle(step(s, user({ verb: "delete", resource: "pods", namespace: "default", name: "web-0" }))).state;
    expect(readyAddresses(later, "web")).toEqual(["web-1"]);
    expect(endpointsConverged.check(later)).toEqual([]);
  });

  it("flags Endpoints that do not list a Service's ready pods, and a Service without Endpoints", () => {
    let s = settled();
    const ep = storeGet(s.store, "/registry/endpoints/default/web")!.value;
    s = must(s, { verb: "update", resource: "endpoints", namespace: "default", name: "web", object: { ...ep, subsets: [] } });
    s = must(s, { verb: "delete", resource: "endpoints", namespace: "default", name: "web-np" });
    expect(messages(endpointsConverged.check(s))).toEqual([
      "Endpoints default/web lists 0 ready and 0 not-ready pods, but Service default/web selects 2 ready and 0 not-ready pods",
      "Service default/web-np has no Endpoints after the cluster settled",
    ]);
  });
});

describe("endpoints-deleted-only-with-service", () => {
  it("allows Endpoints to go with their Service", () => {
    const s = settled();
    const next = must(s, { verb: "delete", resource: "services", namespace: "default", name: "web" });
    expect(storeGet(next.store, "/registry/endpoints/default/web")).toBeUndefined();
    expect(endpointsDeletedOnlyWithService.check(next, s)).toEqual([]);
  });

  it("allows deleting Endpoints older than a re-created Service of the same name", () => {
    let s = settled();
    const svc = storeGet(s.store, "/registry/services/default/web")!.value;
    const ep = storeGet(s.store, "/registry/endpoints/default/web")!.value;
    s = must(s, { verb: "delete", resource: "services", namespace: "default", name: "web" });
    // Endpoints left from the old Service (as an endpoints controller with a stale cache recreates them).
    s = must(s, { verb: "create", resource: "endpoints", namespace: "default", object: { apiVersion: "v1", kind: "Endpoints", metadata: { name: "web", namespace: "default" }, subsets: ep.subsets } });
    s = must(s, { verb: "create", resource: "services", namespace: "default", object: { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: svc.spec.selector, ports: svc.spec.ports } } });
    const next = must(s, { verb: "delete", resource: "endpoints", namespace: "default", name: "web" });
    expect(endpointsDeletedOnlyWithService.check(next, s)).toEqual([]);
  });

  it("flags deleting the Endpoints of a live Service older than them", () => {
    const s = settled();
    const next = must(s, { verb: "delete", resource: "endpoints", namespace: "default", name: "web" });
    expect(messages(endpointsDeletedOnlyWithService.check(next, s))).toEqual(["Endpoints default/web were deleted while Service default/web (older than them) still exists"]);
  });

  it("flags the endpoints controller that starts before its Service informer has listed (no-cache-sync-wait)", () => {
    let s = step(stateWithBug(settled(), bugById("no-cache-sync-wait")!), { type: "component.restart", component: EP });
    s = step(s, { type: "informer.sync", component: EP, resource: "endpoints" });
    const prev = s;
    s = step(s, { type: "reconcile", component: EP });
    // The first key is default/kubernetes: the bug deletes the API server's own Endpoints first, then web's.
    expect(messages(endpointsDeletedOnlyWithService.check(s, prev))).toEqual(["Endpoints default/kubernetes were deleted while Service default/kubernetes (older than them) still exists"]);
    const beforeWeb = s;
    s = step(s, { type: "reconcile", component: EP });
    expect(messages(endpointsDeletedOnlyWithService.check(s, beforeWeb))).toEqual(["Endpoints default/web were deleted while Service default/web (older than them) still exists"]);
  });
});
