import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { setup } from "xstate";
import { LIFECYCLE_CHARTS, POD_CHART, PV_CHART } from "./catalog.ts";
import { compileMachine } from "./compile.ts";
import { fromStateValue, toStateValue, xstateNext } from "./xstate-bridge.ts";
import type { PodGuardContext, PodLifecycleEvent, RestartPolicy } from "./pod.machine.ts";
import type { PvGuardContext, PvLifecycleEvent } from "./pv.machine.ts";

const restartPolicy = fc.constantFrom<RestartPolicy>("Always", "OnFailure", "Never");
const podContext: fc.Arbitrary<PodGuardContext> = fc.record({ restartPolicy, hasInitContainers: fc.boolean(), staticPod: fc.boolean() });
const exitCode = fc.oneof(fc.constant(0), fc.integer({ min: -255, max: 255 }));
const podEvent: fc.Arbitrary<PodLifecycleEvent> = fc.oneof(
  fc.constantFrom(...POD_CHART.eventSamples),
  fc.record({ type: fc.constant("ContainerDied" as const), exitCode, lastRunning: fc.boolean(), allSucceeded: fc.boolean() }),
  fc.record({ type: fc.constant("InitContainerDied" as const), exitCode }),
  fc.record({ type: fc.constant("SyncTerminatedPod" as const), allSucceeded: fc.boolean() }),
  fc.record({ type: fc.constant("NodeReady" as const), phase: fc.constantFrom("Pending" as const, "Running" as const, "Succeeded" as const, "Failed" as const) }),
);

describe("compiled transition tables", () => {
  it("agree with xstate's transition() on every (state, sample event, guard input) of every chart", () => {
    let pairs = 0;
    for (const c of LIFECYCLE_CHARTS) {
      for (const ctx of c.inputSamples) {
        for (const leaf of c.compiled.leaves) {
          for (const e of c.eventSamples) {
            expect(`${c.id} ${leaf} ${e.type}: ${c.compiled.next(leaf, e, ctx)}`).toBe(`${c.id} ${leaf} ${e.type}: ${xstateNext(c.machine, leaf, e, ctx)}`);
            pairs++;
          }
        }
      }
    }
    expect(pairs).toBe(12 * 13 * 30 + 3 * 8 * 9 + 4 * 7 + 3 * 3 + 3 * 4);
  });

  it("agree with xstate's transition() for random Pod states, payloads and guard inputs", () =>
    fc.assert(
      fc.property(fc.constantFrom(...POD_CHART.compiled.leaves), podEvent, podContext, (leaf, event, ctx) => {
        expect(POD_CHART.compiled.next(leaf, event, ctx)).toBe(xstateNext(POD_CHART.machine, leaf, event, ctx));
      }),
      { numRuns: 300 },
    ));

  it("agree with xstate's transition() along random PV event sequences", () =>
    fc.assert(
      fc.property(
        fc.record<PvGuardContext>({ reclaimPolicy: fc.constantFrom("Retain" as const, "Delete" as const, "Recycle" as const) }),
        fc.array(fc.constantFrom<PvLifecycleEvent>(...PV_CHART.eventSamples), { maxLength: 12 }),
        (ctx, events) => {
          let table = PV_CHART.compiled.initialLeaf;
          let reference = table;
          for (const e of events) {
            table = PV_CHART.compiled.next(table, e, ctx);
            reference = xstateNext(PV_CHART.machine, reference, e, ctx);
            expect(table).toBe(reference);
          }
        },
      ),
      { numRuns: 200 },
    ));

  it("returns the transition taken, with its id, and undefined when the event changes nothing", () => {
    const ctx: PodGuardContext = { restartPolicy: "Never", hasInitContainers: false, staticPod: false };
    expect(POD_CHART.compiled.lookup("Running.ready", { type: "ContainerDied", exitCode: 1, lastRunning: true, allSucceeded: false }, ctx)).toMatchObject({
      id: "Running#ContainerDied#3",
      source: "Running",
      guard: "restartNever",
      target: "Failed",
      targetLeaf: "Failed",
    });
    expect(POD_CHART.compiled.lookup("Running.ready", { type: "Scheduled" }, ctx)).toBeUndefined();
    expect(() => POD_CHART.compiled.lookup("Nowhere", { type: "Scheduled" }, ctx)).toThrow("pod: unknown state Nowhere");
  });

  it("lists the transitions that can fire from a leaf, less those a deeper unguarded one shadows", () => {
    const ids = (leaf: string) => POD_CHART.compiled.transitionsFrom(leaf).map((t) => t.id);
    // While terminating, a dying container or a sandbox change does not take Running's transitions.
    expect(ids("Running.terminating")).toEqual([
      "Running.terminating#ContainerDied#0",
      "Running.terminating#SandboxChanged#0",
      "Running.terminating#SyncTerminatedPod#0",
      "Running.terminating#SyncTerminatedPod#1",
      "Running.terminating#SyncTerminatedPod#2",
      "Running#Delete#0",
      "Running#ForceDelete#0",
      "Running#Evicted#0",
      "Running#DeadlineExceeded#0",
      "Running#NodeLost#0",
    ]);
    expect(ids("Running.ready")).toContain("Running#ContainerDied#4");
    expect(ids("Succeeded")).toEqual([]);
  });

  it("converts between state paths and xstate state values", () => {
    expect(toStateValue("Running.ready")).toEqual({ Running: "ready" });
    expect(toStateValue("Failed")).toBe("Failed");
    expect(fromStateValue({ Pending: "unscheduled" })).toBe("Pending.unscheduled");
  });

  it("refuses machines outside the compilable subset, at load time", () => {
    const parallel = setup({}).createMachine({ id: "p", type: "parallel", states: { a: {}, b: {} } });
    expect(() => compileMachine(parallel, "pod")).toThrow(/parallel states cannot be compiled/);
    const eventless = setup({}).createMachine({ id: "e", initial: "a", states: { a: { always: { target: "b" } }, b: {} } });
    expect(() => compileMachine(eventless, "pod")).toThrow(/eventless and delayed transitions/);
    const targetless = setup({}).createMachine({ id: "t", initial: "a", states: { a: { on: { go: { actions: [] } } } } });
    expect(() => compileMachine(targetless, "pod")).toThrow(/exactly one target/);
    const inline = setup({}).createMachine({ id: "g", initial: "a", states: { a: { on: { go: { guard: () => true, target: "b" } } }, b: {} } });
    expect(() => compileMachine(inline, "pod")).toThrow(/only guards referenced by name/);
  });
});
