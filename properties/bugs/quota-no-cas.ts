/**
 * Quota admission without the compare-and-swap on usage. ResourceQuota admission checks a create against the
 * quota's status as its informer (or its own last write) shows it, and writes the new usage to the quota's
 * status conditioned on the quota's resourceVersion before the object is stored ("usage against your quota is
 * atomically updated": kubernetes PR #3796, design admission_control_resource_quota.md). If the copy it checked
 * was stale, the write conflicts and the check is redone. Without that precondition a charge computed from a
 * stale copy overwrites newer status: here the quota controller has just written the lowered hard pod count,
 * the plug-in's informer still shows the old one, and a create is admitted past the new limit — with the old
 * limit written back over the controller's status, so more creates follow.
 */
import type { Bug } from "./types.ts";

export const quotaNoCas: Bug = {
  id: "quota-no-cas",
  title: "quota admission writes usage without a compare-and-swap, so a check against a stale quota is admitted past the limit",
  source: "kubernetes/kubernetes#3796 (quota usage updated atomically: resourceVersion precondition on status.used)",
  component: "kube-apiserver admission ResourceQuota",
  invariant: "quota-usage-within-hard",
  scope: "quota",
  minimalLength: 4,
  budget: { seed: 12, runs: 10 },
  // From the settled scope: lower the hard count, the quota controller syncs it, create a pod.
  explore: { depth: 4, maxStates: 20_000 },
  variant: { admission: { ResourceQuota: { casOnUsage: false } } },
};
