/**
 * An operator in the style users write: a WebApp (example.com/v1) owns a ConfigMap with its message, a Deployment
 * running its image with its replica count, and a Service in front of it; the WebApp's status reports the
 * Deployment's ready replicas. Written against the client-node-shaped API kubeprop gives (the same calls as
 * @kubernetes/client-node 2.x's KubernetesObjectApi).
 *
 * `webappOperator({ ownerReferences: false })` is the planted bug, a common one: children created without an
 * ownerReference to their WebApp. Nothing is wrong while the WebApp lives; when it is deleted, the garbage
 * collector has nothing to follow and the Deployment, Service and ConfigMap stay behind for ever (orphans).
 */
import { ApiException, PatchStrategy, defineController, type KubernetesObject, type ObjectClient } from "../../controller/types.ts";

const API_VERSION = "example.com/v1";
const KIND = "WebApp";
export const MANAGED_BY = "webapp-operator";

export interface WebApp extends KubernetesObject {
  spec?: { message?: string; replicas?: number; image?: string };
  status?: { readyReplicas?: number };
}

/**
 * Creates the object, or patches what the operator owns of an existing one (`owned`: the fields it sets, as a
 * merge patch) when those differ. Comparing whole specs would fight the API server's defaulting for ever.
 */
async function ensure(client: ObjectClient, want: KubernetesObject, owned: (o: KubernetesObject) => Record<string, unknown>): Promise<void> {
  let have: KubernetesObject;
  try {
    have = await client.read(want);
  } catch (e) {
    if (e instanceof ApiException && e.code === 404) {
      await client.create(want);
      return;
    }
    throw e;
  }
  if (JSON.stringify(owned(have)) !== JSON.stringify(owned(want))) {
    await client.patch({ apiVersion: want.apiVersion, kind: want.kind, metadata: { name: want.metadata!.name, namespace: want.metadata!.namespace }, ...owned(want) }, undefined, undefined, undefined, undefined, PatchStrategy.MergePatch);
  }
}

type Spec = { replicas?: number; template?: { spec?: { containers?: { image?: string }[] } }; selector?: unknown };
const specOf = (o: KubernetesObject): Spec => (o["spec"] ?? {}) as Spec;

export function webappOperator(opts: { readonly ownerReferences: boolean }) {
  return defineController({
    name: "webapp-operator",
    watches: [
      { apiVersion: API_VERSION, kind: KIND, plural: "webapps" },
      { apiVersion: "apps/v1", kind: "Deployment", enqueue: { owner: KIND } },
      { apiVersion: "v1", kind: "Service", enqueue: { owner: KIND } },
      { apiVersion: "v1", kind: "ConfigMap", enqueue: { owner: KIND } },
    ],
    async reconcile(key, { client, cache }) {
      const [namespace, name] = key.split("/") as [string, string];
      const app = cache.get<WebApp>(API_VERSION, KIND, name, namespace);
      // Gone or going: its children go with it (the garbage collector follows their ownerReferences).
      if (!app || app.metadata?.deletionTimestamp) return;
      const labels = { "app.kubernetes.io/managed-by": MANAGED_BY, "example.com/webapp": name };
      const metadata = {
        name,
        namespace,
        labels,
        ...(opts.ownerReferences ? { ownerReferences: [{ apiVersion: API_VERSION, kind: KIND, name, uid: app.metadata!.uid!, controller: true, blockOwnerDeletion: true }] } : {}),
      };
      const replicas = app.spec?.replicas ?? 1;
      const image = app.spec?.image ?? "nginx:1.25";
      await ensure(client, { apiVersion: "v1", kind: "ConfigMap", metadata: { ...metadata, name: `${name}-config` }, data: { message: app.spec?.message ?? "" } }, (o) => ({ data: o["data"] }));
      await ensure(
        client,
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata,
          spec: { replicas, selector: { matchLabels: { "example.com/webapp": name } }, template: { metadata: { labels }, spec: { containers: [{ name: "web", image }] } } },
        },
        // The replicas it wants; the image goes with the whole template (a merge patch replaces lists).
        (o) => ({ spec: { replicas: specOf(o).replicas, template: { metadata: { labels }, spec: { containers: [{ name: "web", image: specOf(o).template?.spec?.containers?.[0]?.image }] } } } }),
      );
      await ensure(client, { apiVersion: "v1", kind: "Service", metadata, spec: { selector: { "example.com/webapp": name }, ports: [{ port: 80 }] } }, (o) => ({ spec: { selector: specOf(o).selector } }));
      const ready = cache.get<KubernetesObject & { status?: { readyReplicas?: number } }>("apps/v1", "Deployment", name, namespace)?.status?.readyReplicas ?? 0;
      if (app.status?.readyReplicas !== ready) {
        await client.patch({ apiVersion: API_VERSION, kind: KIND, metadata: { name, namespace }, status: { readyReplicas: ready } }, undefined, undefined, undefined, undefined, PatchStrategy.MergePatch);
      }
    },
  });
}
