import { describe, expect, it } from "vitest";
import type { State } from "../../state.ts";
import { advance } from "../../advance.ts";
import { settle } from "../../settle.ts";
import type { HpaControllerOptions } from "./options.ts";
import { NS, addPod, createDeployment, createHpa, hpaCluster, ok, replicasOf, setCpu } from "./hpa.test-support.ts";

/**
 * A rollout with no load: 2 old pods, Ready for ten minutes, at 40% of request; 2 new pods just started, not
 * Ready yet, burning 200% on start-up. The Deployment asks for 4; the HPA targets 50%.
 */
function rollout(options: HpaControllerOptions): State {
  let s = createDeployment(hpaCluster(options), "web", 4);
  for (const name of ["web-old-0", "web-old-1"]) s = setCpu(addPod(s, name, { startedAt: -600 }), name, 40);
  for (const name of ["web-new-0", "web-new-1"]) s = setCpu(addPod(s, name, { ready: false }), name, 200);
  return settle(createHpa(s, "web", { max: 20 })).state;
}

describe("bug zoo: kubernetes#72775 (extra pods during a rolling update with no load)", () => {
  it("correct: unready pods inside the cpu initialization period are set aside; the HPA keeps 4", () => {
    expect(replicasOf(advance(rollout({}), 15).state)).toBe(4);
  });

  it("countUnreadyPodsAsReady: their start-up cpu counts (120% of a 50% target) and the HPA scales up", () => {
    expect(replicasOf(advance(rollout({ bugs: { countUnreadyPodsAsReady: true } }), 15).state)).toBe(8);
  });
});

/**
 * During a rollout with surge the Deployment has 5 pods for spec.replicas 4 (status.replicas 5), all at the
 * target. After the rollout one pod is gone and status.replicas is 4 again.
 */
function surge(options: HpaControllerOptions): State {
  let s = createDeployment(hpaCluster(options), "web", 4);
  s = ok(s, { verb: "patch", resource: "deployments.apps", namespace: NS, name: "web", subresource: "status", patch: { status: { replicas: 5 } } });
  for (let i = 0; i < 5; i++) s = setCpu(addPod(s, `web-${i}`, { startedAt: -600 }), `web-${i}`, 50);
  s = advance(settle(createHpa(s, "web")).state, 15).state;
  s = ok(s, { verb: "patch", resource: "deployments.apps", namespace: NS, name: "web", subresource: "status", patch: { status: { replicas: 4 } } });
  s = ok(s, { verb: "delete", resource: "pods", namespace: NS, name: "web-4", gracePeriodSeconds: 0 });
  return advance(s, 15).state;
}

describe("bug zoo: the status.replicas feedback removed by kubernetes#79035", () => {
  it("correct: the current size is spec.replicas; at the target nothing changes", () => {
    expect(replicasOf(surge({}))).toBe(4);
  });

  it("currentReplicasFromStatus: the surge size is recommended, and the stabilization window writes it back", () => {
    expect(replicasOf(surge({ bugs: { currentReplicasFromStatus: true } }))).toBe(5);
  });
});
