import { describe, expect, it } from "vitest";
import { timestamp } from "../../clock.ts";
import { deployment, replicaSet } from "./fixtures.test-support.ts";
import {
  DEPLOYMENT_AVAILABLE,
  DEPLOYMENT_PROGRESSING,
  NEW_RS_AVAILABLE_REASON,
  REPLICA_SET_UPDATED_REASON,
  TIMED_OUT_REASON,
  getDeploymentCondition,
  newDeploymentCondition,
  removeDeploymentCondition,
  setDeploymentCondition,
} from "./conditions.ts";
import { calculateStatus, deploymentStatusEqual, deploymentTimedOut, rolloutStatus, stuckDeploymentRequeueDelay } from "./rollout-status.ts";
import type { DeploymentStatusV, DeploymentV } from "./types.ts";

const withDeadline = (d: DeploymentV, seconds: number, status?: DeploymentStatusV): DeploymentV => ({
  ...d,
  metadata: { ...d.metadata, generation: 2 },
  spec: { ...d.spec!, progressDeadlineSeconds: seconds },
  ...(status ? { status } : {}),
});

describe("deployment conditions (deployment_util.go)", () => {
  it("SetDeploymentCondition keeps a condition with the same status and reason, and the transition time when only the reason changes", () => {
    const a = newDeploymentCondition(DEPLOYMENT_PROGRESSING, "True", REPLICA_SET_UPDATED_REASON, "m", 10);
    let s = setDeploymentCondition({}, a);
    expect(setDeploymentCondition(s, newDeploymentCondition(DEPLOYMENT_PROGRESSING, "True", REPLICA_SET_UPDATED_REASON, "other", 20))).toBe(s);
    s = setDeploymentCondition(s, newDeploymentCondition(DEPLOYMENT_PROGRESSING, "True", NEW_RS_AVAILABLE_REASON, "done", 30));
    expect(s.conditions).toEqual([{ type: DEPLOYMENT_PROGRESSING, status: "True", reason: NEW_RS_AVAILABLE_REASON, message: "done", lastUpdateTime: timestamp(30), lastTransitionTime: timestamp(10) }]);
    // The kept transition time stays where DeploymentCondition has it, as `kubectl get -o json` shows it.
    expect(Object.keys(s.conditions![0]!)).toEqual(["type", "status", "lastUpdateTime", "lastTransitionTime", "reason", "message"]);
    s = setDeploymentCondition(s, newDeploymentCondition(DEPLOYMENT_PROGRESSING, "False", TIMED_OUT_REASON, "late", 40));
    expect(getDeploymentCondition(s, DEPLOYMENT_PROGRESSING)?.lastTransitionTime).toBe(timestamp(40));
    expect(removeDeploymentCondition(s, DEPLOYMENT_PROGRESSING)).toEqual({});
  });
});

describe("calculateStatus (sync.go)", () => {
  it("sums the ReplicaSets, counts the new one as updated and sets Available from minAvailable", () => {
    const d = { ...deployment({ replicas: 4, maxSurge: 1, maxUnavailable: 1 }), metadata: { name: "foo", namespace: "default", generation: 3 } };
    const oldRS = replicaSet({ name: "old", spec: 2, statusReplicas: 2, available: 2 });
    const newRS = replicaSet({ name: "new", spec: 3, statusReplicas: 3, available: 1 });
    const s = calculateStatus([oldRS, newRS], newRS, d, 5);
    expect(s).toMatchObject({ observedGeneration: 3, replicas: 5, updatedReplicas: 3, availableReplicas: 3, unavailableReplicas: 2 });
    expect(getDeploymentCondition(s, DEPLOYMENT_AVAILABLE)).toMatchObject({ status: "True", reason: "MinimumReplicasAvailable" });
    const worse = calculateStatus([replicaSet({ name: "old", spec: 2, statusReplicas: 2, available: 1 }), newRS], newRS, d, 5);
    expect(getDeploymentCondition(worse, DEPLOYMENT_AVAILABLE)).toMatchObject({ status: "False", reason: "MinimumReplicasUnavailable" });
  });

  it("never reports negative unavailability while scaling down, and omits zero counts as the API does", () => {
    const d = deployment({ replicas: 1, maxSurge: 1, maxUnavailable: 0 });
    const rs = replicaSet({ name: "rs", spec: 1, statusReplicas: 3, available: 3 });
    const s = calculateStatus([rs], rs, d, 0);
    expect(s.unavailableReplicas).toBeUndefined();
    expect(deploymentStatusEqual({ replicas: 0, conditions: [] }, {})).toBe(true);
  });
});

describe("progress (progress.go, deployment_util.go DeploymentTimedOut)", () => {
  const base = deployment({ replicas: 2, maxSurge: 1, maxUnavailable: 0 });
  const progressing = (at: number): DeploymentStatusV => ({ conditions: [newDeploymentCondition(DEPLOYMENT_PROGRESSING, "True", REPLICA_SET_UPDATED_REASON, "m", at)] });

  it("times out strictly after lastUpdateTime + progressDeadlineSeconds", () => {
    const d = withDeadline(base, 30, progressing(100));
    expect(deploymentTimedOut(d, progressing(100), 130)).toBe(false);
    expect(deploymentTimedOut(d, progressing(100), 131)).toBe(true);
    // A completed rollout does not time out.
    const done = { conditions: [newDeploymentCondition(DEPLOYMENT_PROGRESSING, "True", NEW_RS_AVAILABLE_REASON, "m", 0)] };
    expect(deploymentTimedOut(d, done, 1000)).toBe(false);
  });

  it("asks to be looked at again one second after the deadline, and not once complete or timed out", () => {
    const d = withDeadline(base, 30, progressing(100));
    expect(stuckDeploymentRequeueDelay(d, progressing(100), 110)).toBe(21);
    expect(stuckDeploymentRequeueDelay(d, progressing(100), 130)).toBe(1);
    expect(stuckDeploymentRequeueDelay(d, { replicas: 2, updatedReplicas: 2, availableReplicas: 2, observedGeneration: 2 }, 110)).toBeUndefined();
    const timedOut = withDeadline(base, 30, { conditions: [newDeploymentCondition(DEPLOYMENT_PROGRESSING, "False", TIMED_OUT_REASON, "m", 131)] });
    expect(stuckDeploymentRequeueDelay(timedOut, timedOut.status!, 140)).toBeUndefined();
  });

  it("rolloutStatus: progress refreshes lastUpdateTime but keeps lastTransitionTime; no progress past the deadline times out", () => {
    const old = replicaSet({ name: "old", spec: 2, statusReplicas: 2, available: 2 });
    const d = withDeadline(base, 30, { replicas: 2, updatedReplicas: 0, ...progressing(100) });
    const newRS = replicaSet({ name: "new", spec: 1, statusReplicas: 1, available: 0 });
    const s = rolloutStatus([old, newRS], newRS, d, 120);
    expect(getDeploymentCondition(s, DEPLOYMENT_PROGRESSING)).toEqual({
      type: DEPLOYMENT_PROGRESSING,
      status: "True",
      reason: REPLICA_SET_UPDATED_REASON,
      message: 'ReplicaSet "new" is progressing.',
      lastUpdateTime: timestamp(120),
      lastTransitionTime: timestamp(100),
    });
    const stuck = withDeadline(base, 30, s);
    const later = rolloutStatus([old, newRS], newRS, stuck, 151);
    expect(getDeploymentCondition(later, DEPLOYMENT_PROGRESSING)).toMatchObject({ status: "False", reason: TIMED_OUT_REASON, message: 'ReplicaSet "new" has timed out progressing.' });
    expect(getDeploymentCondition(rolloutStatus([old, newRS], newRS, stuck, 150), DEPLOYMENT_PROGRESSING)?.reason).toBe(REPLICA_SET_UPDATED_REASON);
  });
});
