import { describe, expect, it } from "vitest";
import { chartCoverage } from "./coverage.test-support.ts";
import { chartById } from "./catalog.ts";
import { allStates } from "./definition.ts";
import { LIFECYCLE_MACHINE_IDS } from "./types.ts";

describe("chart coverage paths (xstate/graph)", () => {
  for (const id of LIFECYCLE_MACHINE_IDS) {
    it(`${id}: a path reaches every state and takes every transition, replayable through the compiled table`, () => {
      const chart = chartById(id);
      const cov = chartCoverage(id);
      expect(cov.unreachableStates).toEqual([]);
      expect(cov.unreachableTransitions).toEqual([]);
      expect(cov.states.map((p) => p.goal)).toEqual(allStates(chart.compiled.definition).map((s) => s.path));
      expect(cov.transitions.map((p) => p.goal)).toEqual(chart.compiled.definition.transitions.map((t) => t.id));
      for (const p of cov.transitions) {
        let leaf = chart.compiled.initialLeaf;
        let last: string | undefined;
        for (const s of p.steps) {
          last = chart.compiled.lookup(leaf, s.event, p.input)?.id;
          leaf = chart.compiled.next(leaf, s.event, p.input);
          expect(leaf).toBe(s.state);
        }
        expect(last).toBe(p.goal);
      }
      for (const p of cov.states) {
        const end = p.steps.length ? p.steps[p.steps.length - 1]!.state : chart.compiled.initialLeaf;
        expect(end === p.goal || end.startsWith(p.goal + ".")).toBe(true);
      }
    });
  }

  it("finds the shortest pod paths, with the guard inputs they need", () => {
    const cov = chartCoverage("pod");
    const toInit = cov.states.find((p) => p.goal === "Pending.scheduled.initializing")!;
    expect(toInit.steps.map((s) => s.event.type)).toEqual(["Scheduled", "PodReadyToStartContainers"]);
    expect(toInit.input).toMatchObject({ hasInitContainers: true });
    const sandbox = cov.transitions.find((p) => p.goal === "Running#SandboxChanged#1")!;
    expect(sandbox.steps.map((s) => `${s.event.type} ${s.state}`)).toEqual([
      "Scheduled Pending.scheduled.creatingSandbox",
      "NodeLost Unknown",
      "NodeReady Running.notReady",
      "SandboxChanged Pending.scheduled.initializing",
    ]);
    expect(sandbox.input).toMatchObject({ hasInitContainers: true });
    expect(sandbox.input).not.toMatchObject({ restartPolicy: "Never" });
  });
});
