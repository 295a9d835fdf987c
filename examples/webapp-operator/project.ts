/**
 * The WebApp operator's project, shared by its two configs (the operator as it should be, and with the planted
 * bug): the CRD, a user who applies and deletes WebApps "shop" with specs drawn from the CRD's schema (so a run
 * creates one, changes its message, replicas or image, deletes it), restarts of the operator, and the operator's
 * invariant.
 */
import { defineProject, type ProjectDefinition } from "../../properties/project.ts";
import { customResourceArb } from "../../properties/arbitraries/custom-resource.ts";
import { childrenMatchSpec, noOrphanedChildren } from "./invariants.ts";

export function webappProject(controller: string): ProjectDefinition {
  return defineProject({
    name: "webapp-operator",
    controllers: [controller],
    manifests: ["./crd.yaml"],
    resources: [customResourceArb(new URL("./crd.yaml", import.meta.url), { names: ["shop"] })],
    faults: ["restart-controllers"],
    invariants: [noOrphanedChildren, childrenMatchSpec],
  });
}
