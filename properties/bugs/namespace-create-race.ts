/**
 * An object created in a namespace that is being deleted (kubernetes#36891, PR #37431). With HA API servers,
 * "delete namespace" goes to one server and "create" to another whose NamespaceLifecycle admission still has
 * the namespace Active in its informer cache (only the server that served the DELETE forces a live lookup). The
 * create is admitted into the Terminating namespace; if the namespace controller has already listed its
 * content, the object outlives its namespace. Kubernetes' fix holds every namespace deletion for
 * namespaceDeletionGracePeriod (5 s) before the controller lists, so that every server's admission has seen the
 * deletion; the model's correct plug-in decides from storage, which stands for that.
 *
 * The buggy variant: the plug-in decides from kube-apiserver's shared namespace informer (here an informer added
 * to the API server's admission-informer component), with no forced live lookup.
 */
import type { Bug } from "./types.ts";
import { QUOTA_ADMISSION_INFORMER_KIND } from "../../model/controllers/resourcequota/admission-informer.ts";

export const namespaceCreateRace: Bug = {
  id: "namespace-create-race",
  title: "NamespaceLifecycle admission decides from a lagging namespace cache and admits a create into a Terminating namespace",
  source: "kubernetes/kubernetes#36891 (objects created in a deleted namespace; PR #37431 holds namespace deletion 5 s)",
  component: "kube-apiserver admission NamespaceLifecycle",
  invariant: "no-create-in-terminating-namespace",
  scope: "namespace-deletion",
  minimalLength: 3,
  budget: { seed: 5, runs: 20 },
  // From the scope's unsettled start: the API server's namespace informer lists, the user deletes team-a, and a
  // create is admitted from that cache into the Terminating namespace (3 actions, found after ~5,500 states;
  // the bound keeps the bug-off run to a few seconds).
  explore: { depth: 3, maxStates: 10_000 },
  // kube-apiserver's admission informers get a namespace informer too (the shared informer factory's), and
  // NamespaceLifecycle decides from it, with no forced live lookup.
  variant: { components: { [QUOTA_ADMISSION_INFORMER_KIND]: { namespaceInformer: true } }, admission: { NamespaceLifecycle: { lister: "informer" } } },
};
