import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bootstrap } from "../bootstrap.ts";
import { timestamp } from "../clock.ts";
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { handle } from "./handle.ts";
import { isStatus } from "./status.ts";
import { prepareForStatusUpdate } from "./strategy.ts";

const at = (s: State, now: number): State => ({ ...s, clock: { ...s.clock, now } });

function ok(r: { state: State; result: unknown }): { state: State; obj: KObject } {
  if (isStatus(r.result)) throw new Error(r.result.message);
  return { state: r.state, obj: r.result as KObject };
}

const service = (status?: unknown): KObject =>
  ({ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] }, ...(status ? { status } : {}) }) as KObject;

const pv = (phase: string, lastPhaseTransitionTime?: string): KObject =>
  ({ apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "pv1" }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/data" } }, status: { phase, ...(lastPhaseTransitionTime ? { lastPhaseTransitionTime } : {}) } }) as KObject;

describe("Service status (pkg/registry/core/service/strategy.go PrepareForCreate)", () => {
  it("a new Service's status is the empty ServiceStatus, loadBalancer: {}, whatever the creator sent", () => {
    const created = ok(handle(bootstrap(), { verb: "create", resource: "services", namespace: "default", object: service({ loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } }) }));
    expect(created.obj.status).toEqual({ loadBalancer: {} });
    const got = ok(handle(created.state, { verb: "get", resource: "services", namespace: "default", name: "web" }));
    expect(got.obj.status).toEqual({ loadBalancer: {} });
  });

  it("a main-resource update keeps it (the status belongs to the status subresource)", () => {
    const created = ok(handle(bootstrap(), { verb: "create", resource: "services", namespace: "default", object: service() }));
    const updated = ok(handle(created.state, { verb: "update", resource: "services", namespace: "default", name: "web", object: { ...created.obj, status: { loadBalancer: { ingress: [{ ip: "9.9.9.9" }] } } } }));
    expect(updated.obj.status).toEqual({ loadBalancer: {} });
  });
});

describe("PersistentVolume lastPhaseTransitionTime (pkg/registry/core/persistentvolume/strategy.go)", () => {
  it("a new volume is Pending as of its creation (PersistentVolumeLastPhaseTransitionTime is GA in v1.31)", () => {
    const created = ok(handle(at(bootstrap(), 7), { verb: "create", resource: "persistentvolumes", object: pv("Bound", timestamp(1)) }));
    expect(created.obj.status).toEqual({ phase: "Pending", lastPhaseTransitionTime: timestamp(7) });
  });

  it("a status write that changes the phase stamps the write's time; one that keeps the phase keeps the old time", () => {
    let s = ok(handle(at(bootstrap(), 0), { verb: "create", resource: "persistentvolumes", object: pv("Pending") })).state;
    const write = (now: number, phase: string) => {
      const cur = ok(handle(s, { verb: "get", resource: "persistentvolumes", name: "pv1" })).obj;
      const r = ok(handle(at(s, now), { verb: "update", resource: "persistentvolumes", name: "pv1", subresource: "status", object: { ...cur, status: { ...cur.status, phase } } }));
      s = r.state;
      return r.obj.status;
    };
    expect(write(5, "Available")).toEqual({ phase: "Available", lastPhaseTransitionTime: timestamp(5) });
    expect(write(9, "Available")).toEqual({ phase: "Available", lastPhaseTransitionTime: timestamp(5) });
    expect(write(12, "Bound")).toEqual({ phase: "Bound", lastPhaseTransitionTime: timestamp(12) });
  });

  it("follows the strategy's three cases for any old/new phase and given time", () =>
    fc.assert(
      fc.property(
        fc.constantFrom("Pending", "Available", "Bound"),
        fc.constantFrom("Pending", "Available", "Bound"),
        fc.option(fc.constantFrom(timestamp(1), timestamp(2)), { nil: undefined }),
        (oldPhase, newPhase, given) => {
          const old = pv(oldPhase, timestamp(1));
          const next = pv(newPhase, given);
          const got = prepareForStatusUpdate(next, old, 50).status.lastPhaseTransitionTime;
          if (oldPhase === newPhase) expect(got).toBe(given ?? timestamp(1));
          else expect(got).toBe(given === undefined || given === timestamp(1) ? timestamp(50) : given);
        },
      ),
    ));
});
