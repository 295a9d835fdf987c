import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { State } from "../../state.ts";
import { settle } from "../../settle.ts";
import { step } from "../../step.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus } from "../../apiserver/status.ts";
import { updateComponent } from "../../components/update.ts";
import type { Options } from "../../config.ts";
import { QUOTA_ADMISSION_INFORMER_ID } from "./admission-informer.ts";
import { NS, createCharged, must, pod, quota, quotaCluster, storedQuota } from "./quota.test-support.ts";

/** The ResourceQuota plug-in without the compare-and-swap (the zoo's quota-no-cas); `{}` is the plug-in as shipped. */
const noCas: Options = { casOnUsage: false };
const shipped: Options = {};

/** A quota of `pods` pods, observed by the controller and by the API server's quota informer. */
const cluster = (pods: number): State =>
  settle(must(quotaCluster(), { verb: "create", resource: "resourcequotas", namespace: NS, object: quota("pods", { pods: String(pods) }) })).state;

/**
 * What a second API server sees: the same lagging informer, but not the first server's look-aside cache of its
 * own writes (the model runs one API server; dropping that cache makes the next request come from "another").
 */
const fromOtherServer = (s: State): State => updateComponent(s, QUOTA_ADMISSION_INFORMER_ID, (c) => ({ ...c, memory: { updatedQuotas: {} } }));

const syncQuotaInformer = (s: State): State => step(s, { type: "informer.sync", component: QUOTA_ADMISSION_INFORMER_ID, resource: "resourcequotas" });

const podCount = (s: State): number => ((handle(s, { verb: "list", resource: "pods", namespace: NS }).result as any).items as unknown[]).length;

describe("bug zoo: ResourceQuota admission without the compare-and-swap on status.used", () => {
  it("correct: the second of two creates that both read used=0 cannot write its stale charge and is refused", () => {
    let s = cluster(1);
    const first = createCharged(s, "pods", pod("a"));
    expect(isStatus(first.result)).toBe(false);
    s = fromOtherServer(first.state);
    const second = createCharged(s, "pods", pod("b"));
    // Three retries re-read the same stale informer: the request fails with the quota write's conflict.
    expect(isStatus(second.result) && [second.result.code, second.result.message]).toEqual([
      409,
      'Operation cannot be fulfilled on resourcequotas "pods": the object has been modified; please apply your changes to the latest version and try again',
    ]);
    expect(podCount(second.state)).toBe(1);
    // Once the informer caught up, the re-check refuses it with the quota's own message.
    const later = createCharged(syncQuotaInformer(s), "pods", pod("b"));
    expect(isStatus(later.result) && later.result.message).toBe('pods "b" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1');
  });

  it("casOnUsage: false: the stale charge overwrites the first, both pods are admitted, used says 1 for 2 pods", () => {
    let s = cluster(1);
    const first = createCharged(s, "pods", pod("a"), noCas);
    expect(isStatus(first.result)).toBe(false);
    s = fromOtherServer(first.state);
    const second = createCharged(s, "pods", pod("b"), noCas);
    expect(isStatus(second.result)).toBe(false);
    expect(podCount(second.state)).toBe(2);
    expect(storedQuota(second.state, "pods").status.used.pods).toBe("1");
  });

  /** Creates from two servers with an informer that syncs whenever the schedule says so. */
  const run = (plugin: Options, schedule: readonly ("create" | "other" | "sync")[], hard: number): { admitted: number; used: number } => {
    let s = cluster(hard);
    let admitted = 0;
    schedule.forEach((op, i) => {
      if (op === "sync") s = syncQuotaInformer(s);
      else {
        if (op === "other") s = fromOtherServer(s);
        const r = createCharged(s, "pods", pod(`p${i}`), plugin);
        s = r.state;
        if (!isStatus(r.result)) admitted++;
      }
    });
    return { admitted, used: Number(storedQuota(s, "pods").status.used.pods) };
  };

  const scheduleArb = fc.array(fc.constantFrom<"create" | "other" | "sync">("create", "other", "sync"), { maxLength: 14 });

  it("property (correct): however requests from two servers and informer syncs interleave, no quota is exceeded and used counts every admitted pod", () => {
    fc.assert(
      fc.property(scheduleArb, fc.integer({ min: 1, max: 4 }), (schedule, hard) => {
        const { admitted, used } = run(shipped, schedule, hard);
        expect(admitted).toBeLessThanOrEqual(hard);
        expect(used).toBe(admitted);
      }),
      { numRuns: 60 },
    );
  });

  it("property (casOnUsage: false): some interleaving admits more pods than the quota allows", () => {
    const found = fc.check(
      fc.property(scheduleArb, fc.integer({ min: 1, max: 4 }), (schedule, hard) => run(noCas, schedule, hard).admitted <= hard),
      { numRuns: 200, seed: 7 },
    );
    expect(found.failed).toBe(true);
  });
});
