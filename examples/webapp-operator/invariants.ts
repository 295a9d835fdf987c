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

/**
 * Once faults stop and the cluster settles, each WebApp's children say what its spec says: the ConfigMap holds
 * its message, the Deployment runs its image with its replica count (1 and nginx:1.25 when unset). A WebApp
 * whose image is empty asks for an invalid Deployment, which the API server refuses: it is left out.
 */
export const childrenMatchSpec: Invariant = {
  id: "webapp-children-match-spec",
  description: "each WebApp's ConfigMap and Deployment say what its spec says (at the end)",
  kind: "convergence",
  source: "examples/webapp-operator",
  check(state) {
    const out = [];
    for (const app of objectsUnder(state, "/registry/webapps.example.com/")) {
      const spec = (app.spec ?? {}) as { message?: string; replicas?: number; image?: string };
      if (app.metadata.deletionTimestamp || spec.image === "") continue;
      const { namespace, name } = app.metadata;
      const cm = objectsUnder(state, `/registry/configmaps/${namespace}/`).find((o) => o.metadata.name === `${name}-config`);
      const deployment = objectsUnder(state, `/registry/deployments/${namespace}/`).find((o) => o.metadata.name === name);
      const container = (deployment?.spec as { template?: { spec?: { containers?: { image?: string }[] } } } | undefined)?.template?.spec?.containers?.[0];
      const wrong: string[] = [];
      if ((cm?.data as Record<string, string> | undefined)?.["message"] !== (spec.message ?? "")) wrong.push(`ConfigMap ${name}-config holds message ${JSON.stringify((cm?.data as Record<string, string> | undefined)?.["message"])}`);
      if (!deployment) wrong.push(`Deployment ${name} is missing`);
      else {
        if ((deployment.spec as { replicas?: number }).replicas !== (spec.replicas ?? 1)) wrong.push(`Deployment ${name} has ${(deployment.spec as { replicas?: number }).replicas} replicas`);
        if (container?.image !== (spec.image ?? "nginx:1.25")) wrong.push(`Deployment ${name} runs ${container?.image}`);
      }
      if (wrong.length > 0) out.push({ invariant: "webapp-children-match-spec", objects: [`WebApp ${namespace}/${name}`], message: `WebApp ${namespace}/${name} wants ${JSON.stringify(spec)}, but ${wrong.join("; ")}` });
    }
    return out;
  },
};
