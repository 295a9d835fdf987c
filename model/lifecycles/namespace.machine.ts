/**
 * The Namespace lifecycle as an XState machine. Top-level states are the API's status.phase (NamespacePhase:
 * Active, Terminating) plus `gone`.
 *
 * Follows pkg/registry/core/namespace/storage (a delete sets deletionTimestamp and phase Terminating while
 * spec.finalizers is not empty), pkg/controller/namespace/deletion/namespaced_resources_deleter.go (Delete:
 * deleteAllContent until nothing remains, then finalizeNamespace removes the "kubernetes" finalizer, and a
 * finalized namespace is removed) and status_condition_utils.go (the condition reasons used as event names:
 * SomeResourcesRemain, SomeFinalizersRemain, ContentDeletionFailed, DiscoveryFailed, ContentRemoved).
 * A Terminating namespace never becomes Active again; NamespaceLifecycle admission refuses new content in it.
 */
import { setup } from "xstate";

/** Events of the Namespace chart. */
export type NamespaceLifecycleEvent =
  /** A delete: deletionTimestamp set, phase Terminating. */
  | { readonly type: "Delete" }
  /** NamespaceContentRemaining=True: some objects are still there (deletions pending). */
  | { readonly type: "SomeResourcesRemain" }
  /** NamespaceFinalizersRemaining=True: objects wait for their finalizers. */
  | { readonly type: "SomeFinalizersRemain" }
  /** NamespaceDeletionContentFailure=True: some deletions failed; the controller retries. */
  | { readonly type: "ContentDeletionFailed" }
  /** NamespaceDeletionDiscoveryFailure=True: discovery failed for some groups; the controller retries. */
  | { readonly type: "DiscoveryFailed" }
  /** All content removed: the controller removes its finalizer (finalizeNamespace). */
  | { readonly type: "ContentRemoved" }
  /** spec.finalizers and metadata.finalizers are empty: the namespace is removed. */
  | { readonly type: "Finalized" };

/** The Namespace lifecycle machine (no guards). */
export const namespaceMachine = setup({
  types: { events: {} as NamespaceLifecycleEvent },
}).createMachine({
  id: "namespace",
  initial: "Active",
  states: {
    Active: {
      description: "objects can be created in it",
      on: { Delete: { target: "Terminating" } },
    },
    Terminating: {
      description: "deletionTimestamp set: no new content; the namespace controller deletes what is there",
      initial: "deletingContent",
      states: {
        deletingContent: {
          description: "deleteAllContent, requeued while anything remains",
          on: {
            SomeResourcesRemain: { target: "deletingContent" },
            SomeFinalizersRemain: { target: "deletingContent" },
            ContentDeletionFailed: { target: "deletingContent" },
            DiscoveryFailed: { target: "deletingContent" },
            ContentRemoved: { target: "finalizing" },
          },
        },
        finalizing: {
          description: "the kubernetes finalizer removed; waiting for the remaining finalizers",
          on: { Finalized: { target: "#namespace.gone" } },
        },
      },
    },
    gone: { type: "final", description: "removed from the API" },
  },
});

/** One event of each type. */
export const NAMESPACE_EVENT_SAMPLES: readonly NamespaceLifecycleEvent[] = [
  { type: "Delete" },
  { type: "SomeResourcesRemain" },
  { type: "SomeFinalizersRemain" },
  { type: "ContentDeletionFailed" },
  { type: "DiscoveryFailed" },
  { type: "ContentRemoved" },
  { type: "Finalized" },
];
