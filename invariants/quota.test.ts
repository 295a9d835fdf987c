import { describe, expect, it } from "vitest";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import { step } from "../model/step.ts";
import { settle } from "../model/settle.ts";
import { handle } from "../model/apiserver/handle.ts";
import { isStatus } from "../model/apiserver/status.ts";
import { storeGet } from "../model/store/store.ts";
import { bootstrap } from "../model/bootstrap.ts";
import { initialState } from "../model/scenario/run.ts";
import { scopeScenario } from "../properties/run.ts";
import { quotaScope, QUOTA_NAME } from "../properties/scopes/quota.ts";
import { bugById, configWithBug, type Bug } from "../properties/bugs/index.ts";
import { RESOURCEQUOTA_CONTROLLER_ID } from "../model/controllers/resourcequota/controller.ts";
import { quotaUsageWithinHard } from "./quota.ts";

const must = (s: State, request: any): State => {
  const r = handle(s, request);
  if (isStatus(r.result)) throw new Error(r.result.message);
  return r.state;
};
const pod = (name: string): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { containers: [{ name: "app", image: "busybox:1.36", resources: { requests: { cpu: "300m" } } }] },
});
const createPod = (name: string) => ({ verb: "create", resource: "pods", namespace: "default", object: pod(name) }) as const;
const quotaOf = (s: State) => storeGet(s.store, `/registry/resourcequotas/default/${QUOTA_NAME}`)!.value;

/** A quota on pods with the given status (as the controller or a stale charge left it), and `pods` pods created before it. */
function withStatus(pods: number, hard: string, used: string): State {
  let s = bootstrap({ without: ["resourcequota-controller"] });
  for (let i = 0; i < pods; i++) s = must(s, createPod(`old-${i}`));
  s = must(s, { verb: "create", resource: "resourcequotas", namespace: "default", object: { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: QUOTA_NAME, namespace: "default" }, spec: { hard: { pods: hard } } } });
  return must(s, { verb: "update", resource: "resourcequotas", namespace: "default", name: QUOTA_NAME, subresource: "status", object: { ...quotaOf(s), status: { hard: { pods: hard }, used: { pods: used } } } });
}

describe("quota-usage-within-hard", () => {
  it("holds for creates admitted within the limit, and for a create the quota refuses", () => {
    const s = withStatus(0, "1", "0");
    const next = must(s, createPod("a"));
    expect(quotaUsageWithinHard.check(next, s)).toEqual([]);
    const refused = handle(next, createPod("b"));
    expect(isStatus(refused.result) && refused.result.code).toBe(403);
    expect(quotaUsageWithinHard.check(refused.state, next)).toEqual([]);
  });

  it("allows what follows a recount that lagged (status.used below the objects that exist)", () => {
    // One pod exists but status.used says 0: admission rightly trusts it (kubernetes#24494).
    const s = withStatus(1, "1", "0");
    const next = must(s, createPod("a"));
    expect(quotaUsageWithinHard.check(next, s)).toEqual([]);
  });

  it("flags a create that takes the counted objects past the hard limit while status.used was right", () => {
    // status.hard 1 (the controller's write) but a stale copy with hard 2 admits: the counted pods go to 2.
    const s = withStatus(1, "1", "1");
    const stale = must(s, { verb: "update", resource: "resourcequotas", namespace: "default", name: QUOTA_NAME, subresource: "status", object: { ...quotaOf(s), status: { hard: { pods: "2" }, used: { pods: "1" } } } });
    const next = must(stale, createPod("a"));
    expect(quotaUsageWithinHard.check(next, stale)).toEqual([]);
    // Judged against the quota as it was before the create's charge overwrote it.
    expect(quotaUsageWithinHard.check(next, s).map((v) => v.message)).toEqual([
      expect.stringMatching(/^Pod default\/a was admitted although it takes pods in namespace default to 2, past ResourceQuota default\/compute's hard limit 1 \(status\.used was 1\)$/),
    ]);
  });

  it("catches quota admission without the compare-and-swap (quota-no-cas), not the correct plug-in", () => {
    const run = (bug?: Bug): { refused: boolean; violations: string[] } => {
      let s = settle(initialState(scopeScenario(quotaScope, undefined, configWithBug(bug)))).state;
      s = must(s, { verb: "patch", resource: "resourcequotas", namespace: "default", name: QUOTA_NAME, patch: { spec: { hard: { pods: "1" } } } });
      s = step(s, { type: "informer.sync", component: RESOURCEQUOTA_CONTROLLER_ID, resource: "resourcequotas" });
      s = step(s, { type: "reconcile", component: RESOURCEQUOTA_CONTROLLER_ID });
      expect(quotaOf(s).status.hard.pods).toBe("1");
      const r = handle(s, createPod("late"));
      return { refused: isStatus(r.result), violations: quotaUsageWithinHard.check(r.state, s).map((v) => v.invariant) };
    };
    expect(run()).toEqual({ refused: true, violations: [] });
    expect(run(bugById("quota-no-cas"))).toEqual({ refused: false, violations: ["quota-usage-within-hard"] });
  });
});
