import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { settle } from "../settle.ts";
import { advance } from "../advance.ts";
import { step } from "../step.ts";
import { apiPod, boundPod, clusterWithNodes, createPod, sandboxOf, statusOf, must } from "./kubelet.test-support.ts";
import { CONTAINER_BACKOFF_INITIAL, CONTAINER_BACKOFF_MAX, goDuration, isInBackOffSince, nextBackoff } from "./backoff.ts";
import type { BackoffEntry } from "./memory.ts";
import type { State } from "../state.ts";

const crash = (s: State, exitCode = 1) => step(s, { type: "container.crash", namespace: "default", pod: "web", container: "app", exitCode });

/** Seconds from the crash until the container runs again (advancing one second at a time). */
function restartDelay(s0: State): { state: State; delay: number } {
  let s = advance(crash(s0), 0).state;
  for (let t = 0; t <= 400; t++) {
    if (sandboxOf(s, "n1", "web")!.containers[0]!.state === "running") return { state: s, delay: t };
    s = advance(s, 1).state;
  }
  throw new Error("never restarted");
}

describe("kubelet: CrashLoopBackOff", () => {
  it("restarts at once after the first crash, then waits 10, 20, 40 ... seconds, capped at 300", () => {
    let s = settle(createPod(clusterWithNodes(), boundPod("web"))).state;
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = restartDelay(s);
      delays.push(r.delay);
      s = advance(r.state, 5).state;
    }
    expect(delays).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
    expect(statusOf(apiPod(s, "web")).restartCount).toBe(8);
  });

  it("shows waiting CrashLoopBackOff with the back-off message while held, the pod staying Running", () => {
    let s = settle(createPod(clusterWithNodes(), boundPod("web"))).state;
    s = settle(crash(s, 2)).state; // first crash: immediate restart
    s = advance(crash(s, 2), 1).state;
    const pod = apiPod(s, "web")!;
    expect(pod.status.phase).toBe("Running");
    expect(statusOf(pod)).toMatchObject({
      restartCount: 1,
      ready: false,
      started: false,
      state: { waiting: { reason: "CrashLoopBackOff", message: `back-off 10s restarting failed container=app pod=web_default(${pod.metadata.uid})` } },
      lastState: { terminated: { exitCode: 2, reason: "Error" } },
    });
    expect(pod.status.conditions.find((c: any) => c.type === "Ready")).toMatchObject({ status: "False", reason: "ContainersNotReady", message: "containers with unready status: [app]" });
    const events = (must(s, { verb: "list", resource: "events", namespace: "default" }).obj as any).items;
    expect(events.find((e: any) => e.reason === "BackOff")).toMatchObject({ type: "Warning", message: `Back-off restarting failed container app in pod web_default(${pod.metadata.uid})` });
    s = advance(s, 9).state;
    expect(statusOf(apiPod(s, "web"))).toMatchObject({ restartCount: 2, ready: true, state: { running: {} } });
  });

  it("settle waits out a back-off on its own (it is a one-shot timer)", () => {
    let s = settle(createPod(clusterWithNodes(), boundPod("web"))).state;
    s = settle(crash(s)).state;
    const t0 = s.clock.now;
    s = settle(crash(s)).state;
    expect(s.clock.now).toBe(t0 + 10);
    expect(statusOf(apiPod(s, "web")).restartCount).toBe(2);
  });

  it("forgets the back-off (restarts at once again) when the container ran for more than twice the cap", () => {
    let s = settle(createPod(clusterWithNodes(), boundPod("web"))).state;
    for (let i = 0; i < 4; i++) s = restartDelay(s).state; // 0, 10, 20, 40: the window is now 80
    s = advance(s, 2 * CONTAINER_BACKOFF_MAX + 1).state;
    expect(restartDelay(s).delay).toBe(0);
  });

  it("a restarted kubelet has forgotten the back-off", () => {
    let s = settle(createPod(clusterWithNodes(), boundPod("web"))).state;
    for (let i = 0; i < 3; i++) s = restartDelay(s).state;
    s = step(s, { type: "component.restart", component: "kubelet/n1" });
    expect(restartDelay(s).delay).toBe(0);
  });

  it("back-off windows double from 10 s up to 300 s and reset after 600 s (client-go flowcontrol.Backoff)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 12 }), (gaps) => {
        // A container that exits `gap` seconds after each restart; restarts happen as soon as the window allows.
        let entry: BackoffEntry | undefined;
        let now = 0;
        let expected = 0;
        for (const gap of gaps) {
          now += gap;
          const exitAt = now;
          const expired = entry !== undefined && exitAt - entry.lastUpdate > 2 * CONTAINER_BACKOFF_MAX;
          const wait = entry && !expired ? entry.backoff : 0;
          expect(isInBackOffSince(entry, exitAt, exitAt + wait - 1)).toBe(wait > 0);
          expect(isInBackOffSince(entry, exitAt, exitAt + wait)).toBe(false);
          now = exitAt + wait;
          expected = entry && !expired ? Math.min(entry.backoff * 2, CONTAINER_BACKOFF_MAX) : CONTAINER_BACKOFF_INITIAL;
          entry = nextBackoff(entry, exitAt, now);
          expect(entry).toEqual({ backoff: expected, lastUpdate: now });
        }
      }),
    );
  });

  it("formats durations as Go does", () => {
    expect([10, 20, 80, 160, 300, 3600].map(goDuration)).toEqual(["10s", "20s", "1m20s", "2m40s", "5m0s", "1h0m0s"]);
  });
});
