import { describe, expect, it } from "vitest";
import type { State } from "../../state.ts";
import { settle } from "../../settle.ts";
import { advance } from "../../advance.ts";
import { step, stepWithEffects } from "../../step.ts";
import { getTimer } from "../../timers.ts";
import { timerIdFor } from "../../informers/enqueue-after.ts";
import { ENQUEUE_ALL_KEY, RESOURCEQUOTA_CONTROLLER_ID, RESOURCE_QUOTA_SYNC_PERIOD } from "./controller.ts";
import { QUOTA_ADMISSION_INFORMER_ID } from "./admission-informer.ts";
import { NS, charged, must, mustWithoutQuotaAdmission, pod, quota, quotaCluster, storedQuota } from "./quota.test-support.ts";

const createQuota = (s: State, q = quota("compute", { pods: "10", "requests.cpu": "2" })) => must(s, { verb: "create", resource: "resourcequotas", namespace: NS, object: q });
// A create that bypasses quota admission, so that only the controller's recount can count it.
const plainPod = (s: State, name: string, requests?: Record<string, string>) =>
  mustWithoutQuotaAdmission(s, { verb: "create", resource: "pods", namespace: NS, object: pod(name, requests) });

describe("ResourceQuota controller", () => {
  it("observes a new quota: status.hard from spec.hard, status.used counted from its caches", () => {
    let s = plainPod(plainPod(quotaCluster(), "a"), "b", { cpu: "300m" });
    s = settle(createQuota(s)).state;
    expect(storedQuota(s, "compute").status).toEqual({ hard: { pods: "10", "requests.cpu": "2" }, used: { pods: "2", "requests.cpu": "400m" } });
  });

  it("gives usage back when pods are deleted (replenishment), but does not recount on creates", () => {
    let s = settle(createQuota(quotaCluster())).state;
    s = charged(charged(s, "pods", pod("a")), "pods", pod("b"));
    s = settle(s).state;
    expect(storedQuota(s, "compute").status.used).toEqual({ pods: "2", "requests.cpu": "200m" });
    // A pod created around admission (no charge) is not noticed on create...
    s = settle(plainPod(s, "sneaky")).state;
    expect(storedQuota(s, "compute").status.used.pods).toBe("2");
    // ...but the recount after a deletion sees everything in the cache.
    s = settle(must(s, { verb: "delete", resource: "pods", namespace: NS, name: "a" })).state;
    expect(storedQuota(s, "compute").status.used).toEqual({ pods: "2", "requests.cpu": "200m" });
  });

  it("recounts every quota each resync period (5 min)", () => {
    let s = settle(createQuota(quotaCluster())).state;
    expect(getTimer(s, timerIdFor(RESOURCEQUOTA_CONTROLLER_ID, ENQUEUE_ALL_KEY))).toMatchObject({ periodic: true });
    s = settle(plainPod(s, "sneaky")).state;
    expect(storedQuota(s, "compute").status.used.pods).toBe("0");
    s = advance(s, RESOURCE_QUOTA_SYNC_PERIOD).state;
    expect(storedQuota(s, "compute").status.used).toEqual({ pods: "1", "requests.cpu": "100m" });
  });

  it("follows spec.hard changes, counting newly limited resources", () => {
    let s = settle(createQuota(plainPod(quotaCluster(), "a"))).state;
    s = must(s, { verb: "patch", resource: "resourcequotas", namespace: NS, name: "compute", patch: { spec: { hard: { pods: "3", "requests.cpu": null, "requests.memory": "1Gi" } } } });
    s = settle(s).state;
    expect(storedQuota(s, "compute").status).toEqual({ hard: { pods: "3", "requests.memory": "1Gi" }, used: { pods: "1", "requests.memory": "64Mi" } });
  });

  it("stops charging a pod that finished (terminal phase), and one stuck terminating past its grace period", () => {
    let s = plainPod(quotaCluster(), "done");
    // A pod bound to a node whose kubelet never confirms its deletion.
    s = must(s, { verb: "create", resource: "pods", namespace: NS, object: { ...pod("stuck"), spec: { ...pod("stuck").spec, nodeName: "gone" } } });
    s = settle(createQuota(s)).state;
    s = must(s, { verb: "patch", resource: "pods", namespace: NS, name: "done", subresource: "status", patch: { status: { phase: "Succeeded" } } });
    s = settle(s).state;
    expect(storedQuota(s, "compute").status.used.pods).toBe("1");
    // Deleted with a grace period, it stays until its kubelet confirms; past the grace it is not charged.
    s = must(s, { verb: "delete", resource: "pods", namespace: NS, name: "stuck", gracePeriodSeconds: 10 });
    s = advance(s, RESOURCE_QUOTA_SYNC_PERIOD).state;
    expect(storedQuota(s, "compute").status.used).toEqual({ pods: "0", "requests.cpu": "0" });
  });

  it("writes with the cached quota's resourceVersion: a charge it has not seen makes it retry, not overwrite", () => {
    let s = settle(createQuota(quotaCluster())).state;
    s = settle(must(s, { verb: "patch", resource: "resourcequotas", namespace: NS, name: "compute", patch: { spec: { hard: { pods: "5", "requests.cpu": "2" } } } }), { maxSteps: 0 }).state;
    // Let the controller see the spec change, then charge a pod behind its back before it reconciles.
    s = step(s, { type: "informer.sync", component: RESOURCEQUOTA_CONTROLLER_ID, resource: "resourcequotas" });
    s = step(s, { type: "informer.sync", component: QUOTA_ADMISSION_INFORMER_ID, resource: "resourcequotas" });
    s = charged(s, "pods", pod("a"));
    const r = stepWithEffects(s, { type: "reconcile", component: RESOURCEQUOTA_CONTROLLER_ID });
    expect(r.effects).toContainEqual(expect.objectContaining({ verb: "update", resource: "resourcequotas", code: 409 }));
    s = settle(r.state).state;
    expect(storedQuota(s, "compute").status).toEqual({ hard: { pods: "5", "requests.cpu": "2" }, used: { pods: "1", "requests.cpu": "100m" } });
  });
});
