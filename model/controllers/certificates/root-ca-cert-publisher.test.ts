import { describe, expect, it } from "vitest";
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { bootstrap } from "../../bootstrap.ts";
import { settle } from "../../settle.ts";
import { stepWithEffects } from "../../step.ts";
import { send } from "../../client.ts";
import { get } from "../../apiserver/read.ts";
import { isStatus } from "../../apiserver/status.ts";
import { DESCRIPTION_ANNOTATION, MODEL_ROOT_CA, ROOT_CA_CERT_CONFIG_MAP_NAME, ROOT_CA_DESCRIPTION } from "./root-ca-cert-publisher.ts";
import type { ApiRequest } from "../../apiserver/request.ts";
import { btreeGet } from "../../collections/btree.ts";

const PUBLISHER = "kube-controller-manager/root-ca-cert-publisher";

function must(s: State, req: ApiRequest): State {
  const r = send(s, "user", req);
  if (isStatus(r.result)) throw new Error(r.result.message);
  return r.state;
}
const rootCA = (s: State, ns: string): KObject | undefined => {
  const r = get(s, "configmaps", ns, ROOT_CA_CERT_CONFIG_MAP_NAME).result;
  return isStatus(r) ? undefined : r;
};
const started = (): State => settle(bootstrap()).state;

describe("root CA cert publisher (rootcacertpublisher/publisher.go)", () => {
  it("creates the ConfigMap in a namespace made after start", () => {
    let s = must(started(), { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } } });
    expect(rootCA(s, "team")).toBeUndefined();
    s = settle(s).state;
    const cm = rootCA(s, "team") as any;
    expect(cm.data).toEqual({ "ca.crt": MODEL_ROOT_CA });
    expect(cm.metadata.annotations).toEqual({ [DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION });
  });

  it("re-creates a deleted one", () => {
    let s = must(started(), { verb: "delete", resource: "configmaps", namespace: "default", name: ROOT_CA_CERT_CONFIG_MAP_NAME });
    expect(rootCA(s, "default")).toBeUndefined();
    s = settle(s).state;
    expect((rootCA(s, "default") as any).data).toEqual({ "ca.crt": MODEL_ROOT_CA });
  });

  it("restores changed data and a removed description annotation, keeping the user's other annotations", () => {
    let s = started();
    const cm = rootCA(s, "kube-public")!;
    s = must(s, {
      verb: "update",
      resource: "configmaps",
      namespace: "kube-public",
      name: ROOT_CA_CERT_CONFIG_MAP_NAME,
      object: { ...cm, metadata: { ...cm.metadata, annotations: { mine: "yes" } }, data: { "ca.crt": "forged", extra: "x" } } as KObject,
    });
    s = settle(s).state;
    const restored = rootCA(s, "kube-public") as any;
    expect(restored.data).toEqual({ "ca.crt": MODEL_ROOT_CA });
    expect(restored.metadata.annotations).toEqual({ mine: "yes", [DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION });
  });

  it("leaves other ConfigMaps alone, and writes nothing when its ConfigMaps are as they should be", () => {
    let s = must(started(), { verb: "create", resource: "configmaps", namespace: "default", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app" }, data: { k: "v" } } as KObject });
    const before = s.store.revision;
    s = settle(s).state;
    expect(s.store.revision).toBe(before);
  });

  it("does not create one in a terminating namespace, and does not retry", () => {
    let s = must(started(), { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "gone" } } });
    s = must(s, { verb: "delete", resource: "namespaces", name: "gone" });
    // The publisher's informer takes the namespace's ADDED (which enqueues it) and its update to Terminating
    // (which does not); its sync then runs while the namespace is terminating: the create is refused, 403.
    let t = stepWithEffects(s, { type: "informer.sync", component: PUBLISHER, resource: "namespaces" }).state;
    const r = stepWithEffects(t, { type: "reconcile", component: PUBLISHER });
    const creates = r.effects.filter((x: any) => x.kind === "request" && x.verb === "create" && x.resource === "configmaps");
    expect(creates.map((x: any) => [x.namespace, x.code])).toEqual([["gone", 403]]);
    t = r.state;
    expect(rootCA(t, "gone")).toBeUndefined();
    // Not retried: the key is not back in the publisher's queue.
    expect(btreeGet(btreeGet(t.components, PUBLISHER)!.queue.index, "gone")).toBeUndefined();
    const after = settle(t).state;
    expect(rootCA(after, "gone")).toBeUndefined();
  });
});
