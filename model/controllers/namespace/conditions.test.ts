import { describe, expect, it } from "vitest";
import { timestamp } from "../../clock.ts";
import { updateDeletionConditions, type ContentTotals } from "./conditions.ts";

const NONE: ContentTotals = { remainingByResource: {}, remainingByFinalizer: {}, deleteErrors: [] };
const brief = (cs: readonly { type: string; status: string; reason: string; message: string }[]) => cs.map((c) => [c.type, c.status, c.reason, c.message]);

describe("namespace deletion conditions (pkg/controller/namespace/deletion/status_condition_utils.go)", () => {
  it("a clean pass writes the five ok variants with upstream's okReasons and okMessages", () => {
    const { conditions, changed } = updateDeletionConditions(undefined, NONE, 5);
    expect(changed).toBe(true);
    expect(brief(conditions)).toEqual([
      ["NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered"],
      ["NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions", "All legacy kube types successfully parsed"],
      ["NamespaceDeletionContentFailure", "False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"],
      ["NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed"],
      ["NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers", "All content-preserving finalizers finished"],
    ]);
    expect(conditions.every((c) => c.lastTransitionTime === timestamp(5))).toBe(true);
  });

  it("remaining content and finalizers are True with sorted counts (ProcessContentTotals); clearing them flips back at the new time", () => {
    const totals: ContentTotals = { remainingByResource: { "pods.": 2, "configmaps.": 1 }, remainingByFinalizer: { "b.example/x": 1, "a.example/y": 3 }, deleteErrors: [] };
    const first = updateDeletionConditions(undefined, totals, 1).conditions;
    expect(brief(first).slice(3)).toEqual([
      ["NamespaceContentRemaining", "True", "SomeResourcesRemain", "Some resources are remaining: configmaps. has 1 resource instances, pods. has 2 resource instances"],
      ["NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: a.example/y in 3 resource instances, b.example/x in 1 resource instances"],
    ]);
    const again = updateDeletionConditions(first, totals, 2);
    expect(again.changed).toBe(false);
    const cleared = updateDeletionConditions(first, NONE, 9).conditions;
    expect(cleared[4]).toMatchObject({ status: "False", reason: "ContentHasNoFinalizers", lastTransitionTime: timestamp(9) });
    expect(cleared[0]).toMatchObject({ lastTransitionTime: timestamp(1) });
  });

  it("delete errors are one ContentDeletionFailed condition, messages sorted (makeDeleteContentCondition)", () => {
    const { conditions } = updateDeletionConditions(undefined, { ...NONE, deleteErrors: ["z failed", "a failed"] }, 0);
    expect(brief(conditions)[2]).toEqual(["NamespaceDeletionContentFailure", "True", "ContentDeletionFailed", "Failed to delete all resource types, 2 remaining: a failed, z failed"]);
  });
});
