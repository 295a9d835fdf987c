/** What the WebApp operator promises, as kubeprop invariants. */
import type { Invariant } from "../../invariants/types.ts";
import { objectsUnder } from "../../invariants/objects.ts";
import { MANAGED_BY } from "./operator.ts";

/**
 * Once faults stop and the cluster settles, everything the operator made belongs to a WebApp that exists: no
 * Deployment, Service or ConfigMap of a deleted WebApp is left behind.
 */
export const noOrphanedChildren: Invariant = {
  id: "webapp-no-orphaned-children",
  description: "every Deployment, Service and ConfigMap the WebApp operator made belongs to a WebApp that exists (at the end)",
  kind: "convergence",
  source: "examples/webapp-operator",
  check(state) {
    const apps = new Set(objectsUnder(state, "/registry/webapps.example.com/").map((a) => `${a.metadata.namespace}/${a.metadata.name}`));
    const children = [
      ...objectsUnder(state, "/registry/deployments/"),
      ...objectsUnder(state, "/registry/services/"),
      ...objectsUnder(state, "/registry/configmaps/"),
    ].filter((o) => o.metadata.labels?.["app.kubernetes.io/managed-by"] === MANAGED_BY);
    return children
      .filter((o) => !apps.has(`${o.metadata.namespace}/${o.metadata.labels?.["example.com/webapp"]}`))
      .map((o) => ({
        invariant: "webapp-no-orphaned-children",
        objects: [`${o.kind} ${o.metadata.namespace}/${o.metadata.name}`],
        message: `${o.kind} ${o.metadata.namespace}/${o.metadata.name} was made for WebApp ${o.metadata.labels?.["example.com/webapp"]}, which no longer exists`,
      }));
  },
};
