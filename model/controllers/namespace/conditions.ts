/**
 * The namespace deletion status conditions. Follows pkg/controller/namespace/deletion/status_condition_utils.go
 * (namespaceConditionUpdater): each pass of the deleter sets all five condition types, the failing ones from
 * what went wrong and the others to their "ok" variant, so that a condition that failed once is cleared again.
 * (Discovery and group-version parsing cannot fail in the model: their conditions always read ok.) The words
 * (okReasons, okMessages, ProcessContentTotals, makeDeleteContentCondition) are upstream's.
 */
import { timestamp } from "../../clock.ts";

export interface NamespaceCondition {
  readonly type: string;
  readonly status: "True" | "False";
  readonly lastTransitionTime: string;
  readonly reason: string;
  readonly message: string;
}

/** conditionTypes, in the order the updater writes them. */
export const NAMESPACE_DELETION_CONDITION_TYPES = [
  "NamespaceDeletionDiscoveryFailure",
  "NamespaceDeletionGroupVersionParsingFailure",
  "NamespaceDeletionContentFailure",
  "NamespaceContentRemaining",
  "NamespaceFinalizersRemaining",
] as const;

type ConditionType = (typeof NAMESPACE_DELETION_CONDITION_TYPES)[number];

const OK_MESSAGES: Record<ConditionType, string> = {
  NamespaceDeletionDiscoveryFailure: "All resources successfully discovered",
  NamespaceDeletionGroupVersionParsingFailure: "All legacy kube types successfully parsed",
  NamespaceDeletionContentFailure: "All content successfully deleted, may be waiting on finalization",
  NamespaceContentRemaining: "All content successfully removed",
  NamespaceFinalizersRemaining: "All content-preserving finalizers finished",
};

const OK_REASONS: Record<ConditionType, string> = {
  NamespaceDeletionDiscoveryFailure: "ResourcesDiscovered",
  NamespaceDeletionGroupVersionParsingFailure: "ParsedGroupVersions",
  NamespaceDeletionContentFailure: "ContentDeleted",
  NamespaceContentRemaining: "ContentRemoved",
  NamespaceFinalizersRemaining: "ContentHasNoFinalizers",
};

/** What one deleteAllContent pass found. */
export interface ContentTotals {
  /** Remaining instances per resource, keyed as the condition prints them ("pods." for core, "widgets.example.com"). */
  readonly remainingByResource: Readonly<Record<string, number>>;
  /** Remaining instances per finalizer. */
  readonly remainingByFinalizer: Readonly<Record<string, number>>;
  /** Error messages of resources whose content could not be deleted. */
  readonly deleteErrors: readonly string[];
}

/** The failing conditions of a pass (ProcessContentTotals, makeDeleteContentCondition). */
function failingConditions(t: ContentTotals, now: string): NamespaceCondition[] {
  const out: NamespaceCondition[] = [];
  const byResource = Object.entries(t.remainingByResource).filter(([, n]) => n > 0);
  if (byResource.length > 0) {
    const parts = byResource.map(([r, n]) => `${r} has ${n} resource instances`).sort();
    out.push({ type: "NamespaceContentRemaining", status: "True", lastTransitionTime: now, reason: "SomeResourcesRemain", message: `Some resources are remaining: ${parts.join(", ")}` });
  }
  const byFinalizer = Object.entries(t.remainingByFinalizer).filter(([, n]) => n > 0);
  if (byFinalizer.length > 0) {
    const parts = byFinalizer.map(([f, n]) => `${f} in ${n} resource instances`).sort();
    out.push({ type: "NamespaceFinalizersRemaining", status: "True", lastTransitionTime: now, reason: "SomeFinalizersRemain", message: `Some content in the namespace has finalizers remaining: ${parts.join(", ")}` });
  }
  if (t.deleteErrors.length > 0) {
    const msgs = [...t.deleteErrors].sort();
    out.push({
      type: "NamespaceDeletionContentFailure",
      status: "True",
      lastTransitionTime: now,
      reason: "ContentDeletionFailed",
      message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(", ")}`,
    });
  }
  return out;
}

/**
 * updateConditions: the namespace's conditions after a pass, and whether they changed. An existing condition
 * keeps its lastTransitionTime unless its status flips.
 */
export function updateDeletionConditions(current: readonly NamespaceCondition[] | undefined, totals: ContentTotals, nowSeconds: number): { conditions: NamespaceCondition[]; changed: boolean } {
  const now = timestamp(nowSeconds);
  const failing = failingConditions(totals, now);
  const conditions = [...(current ?? [])];
  let changed = false;
  for (const type of NAMESPACE_DELETION_CONDITION_TYPES) {
    const wanted = failing.find((c) => c.type === type) ?? { type, status: "False" as const, lastTransitionTime: now, reason: OK_REASONS[type], message: OK_MESSAGES[type] };
    const i = conditions.findIndex((c) => c.type === type);
    if (i < 0) {
      conditions.push(wanted);
      changed = true;
      continue;
    }
    const old = conditions[i]!;
    if (old.status !== wanted.status || old.message !== wanted.message || old.reason !== wanted.reason) {
      conditions[i] = { ...old, status: wanted.status, reason: wanted.reason, message: wanted.message, lastTransitionTime: old.status !== wanted.status ? now : old.lastTransitionTime };
      changed = true;
    }
  }
  return { conditions, changed };
}
