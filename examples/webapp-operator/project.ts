/**
 * The WebApp operator's project, shared by its two configs (the operator as it should be, and with the planted
 * bug): the CRD, a user who creates a WebApp "shop", scales it and deletes it, restarts of the operator, and the
 * operator's invariant.
 */
import { defineProject, op, type ProjectDefinition } from "../../properties/project.ts";
import { objectsUnder } from "../../invariants/objects.ts";
import { noOrphanedChildren } from "./invariants.ts";

const shop = { apiVersion: "example.com/v1", kind: "WebApp", metadata: { name: "shop", namespace: "default" }, spec: { message: "hello", replicas: 2, image: "nginx:1.25" } };

export function webappProject(controller: string): ProjectDefinition {
  return defineProject({
    name: "webapp-operator",
    controllers: [controller],
    manifests: ["./crd.yaml"],
    operations(state) {
      const live = objectsUnder(state, "/registry/webapps.example.com/default/").find((a) => a.metadata.name === "shop");
      if (!live) return [op.create(shop)];
      return [op.patch(shop, { spec: { replicas: (live.spec?.replicas ?? 2) === 2 ? 3 : 2 } }), op.delete(shop)];
    },
    faults: ["restart-controllers"],
    invariants: [noOrphanedChildren],
    runs: 30,
  });
}
