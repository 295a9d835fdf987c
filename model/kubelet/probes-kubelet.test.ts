/**
 * The kubelet's probe workers over logical time. Follows pkg/kubelet/prober/worker.go (run: every periodSeconds;
 * doProbe: initialDelaySeconds, thresholds, startup gating), prober_manager.go (UpdatePodStatus: started, ready)
 * and kuberuntime_manager.go computePodActions (a container that failed its liveness probe is killed and
 * restarted, through the crash back-off); pkg/controller/endpoint/endpoints_controller.go for the Endpoints.
 */
import { describe, expect, it } from "vitest";
import { advance } from "../advance.ts";
import { settle } from "../settle.ts";
import { step } from "../step.ts";
import type { State } from "../state.ts";
import type { Action } from "../actions.ts";
import { apiPod, boundPod, clusterWithNodes, conditionOf, createPod, must, statusOf } from "./kubelet.test-support.ts";

type ProbeSet = Extract<Action, { type: "probe.set" }>;
const set = (s: State, probe: ProbeSet["probe"], result: ProbeSet["result"], target: { pod?: string; selector?: string } = { pod: "web" }): State =>
  step(s, { type: "probe.set", namespace: "default", ...target, container: "app", probe, result });

/** A pod "web" with the given probes on its container "app", started at the returned time (no timer fired yet). */
function start(probes: Record<string, unknown>, before: (s: State) => State = (s) => s): { s: State; t0: number } {
  const s0 = before(clusterWithNodes());
  const s = advance(createPod(s0, boundPod("web", { containers: [{ name: "app", image: "nginx:1.25", ...probes }] })), 0).state;
  expect(statusOf(apiPod(s, "web"))?.state?.running).toBeDefined();
  return { s, t0: s.clock.now };
}

/** Advances to t0 + at (absolute offsets from the start). */
const at = (s: State, t0: number, offset: number): State => advance(s, t0 + offset - s.clock.now).state;
const ready = (s: State): boolean => statusOf(apiPod(s, "web")).ready;

describe("kubelet probe workers", () => {
  it("respects initialDelaySeconds: not ready until the first probe, initialDelaySeconds after the start", () => {
    let { s, t0 } = start({ readinessProbe: { httpGet: { port: 80 }, initialDelaySeconds: 15, periodSeconds: 5 } });
    expect(ready(s)).toBe(false);
    s = at(s, t0, 14);
    expect(ready(s)).toBe(false);
    expect(conditionOf(apiPod(s, "web"), "Ready")).toBe("False");
    s = at(s, t0, 15);
    expect(ready(s)).toBe(true);
    expect(conditionOf(apiPod(s, "web"), "Ready")).toBe("True");
    expect(conditionOf(apiPod(s, "web"), "ContainersReady")).toBe("True");
  });

  it("probes every periodSeconds: a failure is seen at the next tick of the period, not before", () => {
    let { s, t0 } = start({ readinessProbe: { exec: { command: ["true"] }, periodSeconds: 7, failureThreshold: 1 } });
    s = at(s, t0, 0);
    expect(ready(s)).toBe(true); // first probe at the start (no initial delay)
    s = set(at(s, t0, 1), "readiness", "failure");
    s = at(s, t0, 6);
    expect(ready(s)).toBe(true);
    s = at(s, t0, 7);
    expect(ready(s)).toBe(false);
  });

  it("timeoutSeconds: a probe that does not answer in time is a failure, and holds its worker for timeoutSeconds", () => {
    // periodSeconds 5, timeoutSeconds 12, failureThreshold 2: timed-out runs at 10 and 22 (10 + max(5, 12)).
    let { s, t0 } = start({ readinessProbe: { httpGet: { port: 80 }, periodSeconds: 5, timeoutSeconds: 12, failureThreshold: 2 } });
    s = at(s, t0, 0);
    expect(ready(s)).toBe(true);
    s = set(at(s, t0, 6), "readiness", "timeout");
    s = at(s, t0, 21); // the first timeout at 10; the next run waits for it: not at 15 or 20
    expect(ready(s)).toBe(true);
    s = at(s, t0, 22);
    expect(ready(s)).toBe(false);
    expect(conditionOf(apiPod(s, "web"), "Ready")).toBe("False");
  });

  it("timeoutSeconds shorter than the period changes nothing but the result: timeouts count as failures every period", () => {
    let { s, t0 } = start({ readinessProbe: { exec: { command: ["check"] }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 2 } });
    s = set(at(s, t0, 1), "readiness", "timeout");
    s = at(s, t0, 19); // one timeout at 10
    expect(ready(s)).toBe(true);
    s = at(s, t0, 20);
    expect(ready(s)).toBe(false);
  });

  it("counts failureThreshold failures and successThreshold successes in a row", () => {
    let { s, t0 } = start({ readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 10, failureThreshold: 3, successThreshold: 2 } });
    // successThreshold 2: the first success (t0) is not enough, the second (t0 + 10) is.
    s = at(s, t0, 9);
    expect(ready(s)).toBe(false);
    s = at(s, t0, 10);
    expect(ready(s)).toBe(true);
    s = set(at(s, t0, 11), "readiness", "failure");
    s = at(s, t0, 39); // failures at 20, 30
    expect(ready(s)).toBe(true);
    s = at(s, t0, 40); // the third
    expect(ready(s)).toBe(false);
    s = set(at(s, t0, 41), "readiness", "success");
    s = at(s, t0, 59); // success at 50
    expect(ready(s)).toBe(false);
    s = at(s, t0, 60);
    expect(ready(s)).toBe(true);
  });

  it("the startup probe gates readiness and liveness until it succeeds", () => {
    const probes = {
      startupProbe: { httpGet: { port: 80 }, periodSeconds: 5, failureThreshold: 10 },
      readinessProbe: { httpGet: { port: 80 }, periodSeconds: 10 },
      livenessProbe: { httpGet: { port: 80 }, periodSeconds: 10, failureThreshold: 1 },
    };
    let { s, t0 } = start(probes, (s) => set(set(s, "startup", "failure"), "liveness", "failure"));
    s = at(s, t0, 30);
    // Liveness fails, but it does not run before the container has started: no kill.
    expect(statusOf(apiPod(s, "web"))).toMatchObject({ started: false, ready: false, restartCount: 0, state: { running: {} } });
    s = set(set(s, "startup", "success"), "liveness", "success");
    s = at(s, t0, 34);
    expect(statusOf(apiPod(s, "web"))).toMatchObject({ started: false, ready: false });
    s = at(s, t0, 35); // the startup probe's run
    expect(statusOf(apiPod(s, "web"))).toMatchObject({ started: true, ready: false });
    s = at(s, t0, 40); // readiness's next run
    expect(statusOf(apiPod(s, "web"))).toMatchObject({ started: true, ready: true, restartCount: 0 });
  });

  it("a startup probe failing failureThreshold times kills the container, which restarts", () => {
    let { s, t0 } = start({ startupProbe: { exec: { command: ["true"] }, periodSeconds: 5, failureThreshold: 2 } }, (s) => set(s, "startup", "failure"));
    s = at(s, t0, 4);
    expect(statusOf(apiPod(s, "web")).restartCount).toBe(0);
    s = at(s, t0, 5);
    expect(statusOf(apiPod(s, "web"))).toMatchObject({ restartCount: 1, started: false, lastState: { terminated: { exitCode: 143 } } });
  });

  it("a liveness failure kills the container; it restarts with the crash back-off and restartCount grows", () => {
    let { s, t0 } = start({ livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5, failureThreshold: 2 } }, (s) => set(s, "liveness", "failure"));
    // Probes at 0 and 5 fail: killed at 5, restarted at once (first restart).
    s = at(s, t0, 4);
    expect(statusOf(apiPod(s, "web")).restartCount).toBe(0);
    s = at(s, t0, 5);
    expect(statusOf(apiPod(s, "web"))).toMatchObject({ restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 143, reason: "Error" } } });
    // The new instance fails at 5 and 10: killed at 10, held 10 s by CrashLoopBackOff.
    s = at(s, t0, 11);
    expect(statusOf(apiPod(s, "web"))).toMatchObject({ restartCount: 1, state: { waiting: { reason: "CrashLoopBackOff" } } });
    s = at(s, t0, 20);
    expect(statusOf(apiPod(s, "web"))).toMatchObject({ restartCount: 2, state: { running: {} } });
    const events = (must(s, { verb: "list", resource: "events", namespace: "default" }).obj as any).items.map((e: any) => `${e.reason}: ${e.message}`);
    expect(events).toContain("Killing: Container app failed liveness probe, will be restarted");
    expect(events).toContain("Unhealthy: Liveness probe failed");
    // The world heals: the next instance keeps running.
    s = settle(set(s, "liveness", "success")).state;
    s = at(s, t0, 400);
    expect(statusOf(apiPod(s, "web"))).toMatchObject({ restartCount: 2, state: { running: {} } });
  });

  it("a readiness failure by label selector makes the pod NotReady and moves it to the Endpoints' notReadyAddresses", () => {
    let s = clusterWithNodes();
    s = must(s, { verb: "create", resource: "services", namespace: "default", object: { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } } }).state;
    s = settle(createPod(s, boundPod("web", { containers: [{ name: "app", image: "nginx:1.25", readinessProbe: { httpGet: { port: 80 }, periodSeconds: 5, failureThreshold: 2 } }] }))).state;
    const endpoints = (st: State) => must(st, { verb: "get", resource: "endpoints", namespace: "default", name: "web" }).obj as any;
    expect(conditionOf(apiPod(s, "web"), "Ready")).toBe("True");
    expect(endpoints(s).subsets[0].addresses.map((a: any) => a.targetRef.name)).toEqual(["web"]);
    s = settle(set(s, "readiness", "failure", { selector: "app=web" })).state;
    expect(conditionOf(apiPod(s, "web"), "Ready")).toBe("False");
    expect(endpoints(s).subsets[0].addresses).toBeUndefined();
    expect(endpoints(s).subsets[0].notReadyAddresses.map((a: any) => a.targetRef.name)).toEqual(["web"]);
    // A selector that does not match leaves the pod alone.
    s = settle(set(s, "readiness", "success", { selector: "app=other" })).state;
    expect(conditionOf(apiPod(s, "web"), "Ready")).toBe("False");
  });

  it("probing goes on after a kubelet restart (its pod sync finds a running container without a worker and arms one)", () => {
    let { s, t0 } = start({ readinessProbe: { exec: { command: ["true"] }, periodSeconds: 5, failureThreshold: 1 } });
    s = at(s, t0, 1);
    expect(ready(s)).toBe(true);
    s = step(s, { type: "component.restart", component: "kubelet/n1" });
    s = set(s, "readiness", "failure");
    s = at(s, t0, 30);
    expect(ready(s)).toBe(false);
    expect(statusOf(apiPod(s, "web")).restartCount).toBe(0);
  });

  it("a container without probes is ready as soon as it runs, and no probe worker is armed for it", () => {
    const { s } = start({});
    expect(ready(s)).toBe(true);
    expect(JSON.stringify(s.timers.byId)).not.toContain("probe:");
  });
});
