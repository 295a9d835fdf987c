// my-controller.ts: for each WebApp, a ConfigMap holding its message.
import { ApiException, defineController, objectsUnder, type Invariant } from "kubeprop";

export default defineController({
  name: "webapp-config",
  watches: [{ apiVersion: "example.com/v1", kind: "WebApp", plural: "webapps" }],
  async reconcile(key, { client, cache }) {
    const [namespace, name] = key.split("/") as [string, string];
    const app = cache.get("example.com/v1", "WebApp", name, namespace); // the informer cache (it lags)
    if (!app) return;
    const message = (app["spec"] as { message?: string } | undefined)?.message ?? "";
    try {
      await client.read({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace } });
    } catch (e) {
      if (!(e instanceof ApiException) || e.code !== 404) throw e; // a throw is retried with back-off
      // The bug: no ownerReferences, so the ConfigMap outlives its WebApp.
      await client.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace, labels: { app: "webapp-config" } }, data: { message } });
    }
  },
});

// What `kubeprop check --controller` reads beside the controller:
export const manifests = ["./crd.yaml"]; // created before the run
export const examples = [{ apiVersion: "example.com/v1", kind: "WebApp", metadata: { name: "shop", namespace: "default" }, spec: { message: "hi" } }];
export const invariants: Invariant[] = [
  {
    id: "no-orphaned-configmaps",
    description: "every ConfigMap the controller made belongs to a WebApp that exists (at the end)",
    kind: "convergence",
    source: "my team",
    check: (state) => {
      const apps = new Set(objectsUnder(state, "/registry/webapps.example.com/").map((a) => `${a.metadata.namespace}/${a.metadata.name}`));
      return objectsUnder(state, "/registry/configmaps/")
        .filter((cm) => cm.metadata.labels?.["app"] === "webapp-config" && !apps.has(`${cm.metadata.namespace}/${cm.metadata.name}`))
        .map((cm) => ({ invariant: "no-orphaned-configmaps", objects: [`ConfigMap ${cm.metadata.namespace}/${cm.metadata.name}`], message: `ConfigMap ${cm.metadata.namespace}/${cm.metadata.name} outlives its WebApp` }));
    },
  },
];
