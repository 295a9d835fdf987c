/**
 * One probe worker run, as pkg/kubelet/prober/worker.go doProbe counts (worker_test.go: TestInitialDelay,
 * TestFailureThreshold, TestSuccessThreshold, TestOnHoldOnLivenessOrStartupCheckFailure, TestStartupProbe*),
 * and the defaults of pkg/apis/core/v1/defaults.go SetDefaults_Probe.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { RuntimeContainer } from "../state.ts";
import { doProbe, initialWorker, isContainerStarted, probeTiming, workerPending, type ProbedContainerSpec } from "./probes.ts";
import type { ProbeKind, ProbeOutcome } from "../world/probe-outcomes.ts";

const running = (startedAt = 0, ready = false): RuntimeContainer => ({ name: "app", image: "i", state: "running", startedAt, restartCount: 0, ready });

/** Runs the probe at each time with the given outcomes; returns the container after each run. */
function runs(rc0: RuntimeContainer, spec: ProbedContainerSpec, kind: ProbeKind, seq: readonly [number, ProbeOutcome][]) {
  let rc = rc0;
  return seq.map(([t, o]) => {
    const r = doProbe(rc, spec, kind, o, t);
    rc = r.rc;
    return r;
  });
}

describe("probe defaults (SetDefaults_Probe)", () => {
  it("periodSeconds 10, timeoutSeconds 1, successThreshold 1, failureThreshold 3, no initial delay", () => {
    expect(probeTiming({ exec: { command: ["true"] } }, "readiness")).toEqual({ initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
  });
  it("successThreshold is 1 for liveness and startup whatever the spec says", () => {
    expect(probeTiming({ successThreshold: 3 }, "liveness").successThreshold).toBe(1);
    expect(probeTiming({ successThreshold: 3 }, "startup").successThreshold).toBe(1);
    expect(probeTiming({ successThreshold: 3 }, "readiness").successThreshold).toBe(3);
  });
  it("initial values: readiness Failure, liveness Success, startup Unknown (newWorker)", () => {
    expect([initialWorker("readiness").result, initialWorker("liveness").result, initialWorker("startup").result]).toEqual(["failure", "success", "unknown"]);
  });
});

describe("doProbe (worker.go)", () => {
  const readiness: ProbedContainerSpec = { name: "app", readinessProbe: { initialDelaySeconds: 10, successThreshold: 2, failureThreshold: 3 } };

  it("does not probe during initialDelaySeconds", () => {
    const [a, b] = runs(running(100), readiness, "readiness", [[109, "success"], [110, "success"]]);
    expect(a!.effect).toBe("skipped");
    expect(a!.rc.probes).toBeUndefined();
    expect(b!.rc.probes?.readiness).toMatchObject({ last: "success", run: 1, result: "failure" });
  });

  it("a timeout is a failure (prober.go: runProbe's timeouts are probe.Failure), counted in the same run of failures", () => {
    const r = runs(running(0), readiness, "readiness", [
      [10, "success"],
      [20, "success"],
      [30, "timeout"],
      [40, "failure"],
      [50, "timeout"],
    ]);
    expect(r.map((x) => x.rc.ready)).toEqual([false, true, true, true, false]);
    expect(r[4]!.rc.probes?.readiness).toMatchObject({ last: "failure", run: 3, result: "failure" });
  });

  it("flips to ready after successThreshold successes in a row, to unready after failureThreshold failures", () => {
    const r = runs(running(0), readiness, "readiness", [
      [10, "success"],
      [20, "failure"],
      [30, "success"],
      [40, "success"],
      [50, "failure"],
      [60, "failure"],
      [70, "failure"],
    ]);
    expect(r.map((x) => x.rc.ready)).toEqual([false, false, false, true, true, true, false]);
    expect(r.map((x) => x.effect)).toEqual(["unchanged", "unchanged", "unchanged", "changed", "unchanged", "unchanged", "changed"]);
  });

  it("holds after a liveness failure reaches failureThreshold and asks for the kill (onHold, resultRun 0)", () => {
    const spec: ProbedContainerSpec = { name: "app", livenessProbe: { failureThreshold: 2 } };
    const r = runs(running(0, true), spec, "liveness", [
      [0, "failure"],
      [10, "failure"],
      [20, "failure"],
    ]);
    expect(r.map((x) => x.effect)).toEqual(["unchanged", "kill", "skipped"]);
    expect(r[1]!.rc.probes?.liveness).toEqual({ result: "failure", last: "failure", run: 0, onHold: true });
  });

  it("startup gates readiness and liveness; once started, startup is no longer probed", () => {
    const spec: ProbedContainerSpec = { name: "app", startupProbe: {}, readinessProbe: {}, livenessProbe: {} };
    let rc = running(0);
    expect(isContainerStarted(spec, rc)).toBe(false);
    expect(doProbe(rc, spec, "readiness", "success", 0).effect).toBe("skipped");
    expect(doProbe(rc, spec, "liveness", "failure", 0).effect).toBe("skipped");
    const s = doProbe(rc, spec, "startup", "success", 0);
    expect(s.effect).toBe("changed");
    rc = s.rc;
    expect(isContainerStarted(spec, rc)).toBe(true);
    expect(doProbe(rc, spec, "startup", "failure", 10).effect).toBe("skipped");
    expect(doProbe(rc, spec, "readiness", "success", 10).rc.ready).toBe(true);
  });

  it("a worker is pending exactly while its next run may change its result", () => {
    const spec: ProbedContainerSpec = { name: "app", readinessProbe: {} };
    const rc = running(0);
    expect(workerPending(rc, spec, "readiness", "success")).toBe(true);
    expect(workerPending(rc, spec, "readiness", "failure")).toBe(false);
    const ready = doProbe(rc, spec, "readiness", "success", 0).rc;
    expect(workerPending(ready, spec, "readiness", "success")).toBe(false);
    expect(workerPending(ready, spec, "readiness", "failure")).toBe(true);
  });

  it("the result is the outcome that last came failureThreshold / successThreshold times in a row", () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.array(fc.boolean(), { maxLength: 30 }), (st, ft, answers) => {
        const spec: ProbedContainerSpec = { name: "app", readinessProbe: { successThreshold: st, failureThreshold: ft } };
        const r = runs(running(0), spec, "readiness", answers.map((a, i) => [i * 10, a ? "success" : "failure"] as [number, ProbeOutcome]));
        // Reference: scan for the last run of equal answers that reached its threshold.
        let expected = false;
        let run = 0;
        answers.forEach((a, i) => {
          run = i > 0 && answers[i - 1] === a ? run + 1 : 1;
          if (run >= (a ? st : ft)) expected = a;
          expect(r[i]!.rc.ready).toBe(expected);
        });
      }),
    ));
});
