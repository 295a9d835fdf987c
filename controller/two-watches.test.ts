/** A kind watched twice: each event goes to every watch of its kind whose namespace it is in. */
import { describe, expect, it } from "vitest";
import type { State } from "../model/state.ts";
import { BUILTIN_KINDS } from "../model/builtin-kinds.ts";
import { clusterOf } from "../model/cluster.ts";
import { DEFAULT_CLUSTER_CONFIG } from "../model/config.ts";
import { handle } from "../model/apiserver/handle.ts";
import { btreeGet } from "../model/collections/btree.ts";
import { userControllerKind } from "./kind.ts";
import type { ControllerMemory } from "./run-log.ts";

const cluster = clusterOf(BUILTIN_KINDS.with(userControllerKind()));
const ID = "controller/two-watches";
const config = { ...DEFAULT_CLUSTER_CONFIG, components: [...DEFAULT_CLUSTER_CONFIG.components, { id: ID, kind: "user-controller", options: { module: "test/fixtures/controllers/two-watches.ts" } }] };

function seen(change: (s: State) => State): { keys: string[]; informers: string[] } {
  const start = cluster.settle(cluster.bootstrap({ config })).state;
  const end = cluster.settle(change(start)).state;
  const c = btreeGet(end.components, ID)!;
  return { keys: ((c.memory as ControllerMemory).memory["seen"] as string[] | undefined) ?? [], informers: Object.keys(c.informers) };
}

const create = (namespace: string, name: string) => (s: State): State =>
  handle(s, { verb: "create", resource: "configmaps", namespace, object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace } } as never }).state;

describe("a kind watched twice", () => {
  it("has one informer, across the namespaces of both watches", () => {
    expect(seen((s) => s).informers).toEqual(["configmaps"]);
  });

  it("an event in team-a goes to both watches; one elsewhere only to the watch of every namespace", () => {
    const withNs = (s: State) => handle(s, { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } } as never }).state;
    // The four system namespaces' kube-root-ca.crt come first (the initial list), then team-a's x and the
    // kube-root-ca.crt the root CA publisher makes there, each to both watches.
    const rootCA = ["default", "kube-node-lease", "kube-public", "kube-system"].map((ns) => `${ns}/kube-root-ca.crt`);
    expect(seen((s) => create("team-a", "x")(withNs(s))).keys).toEqual([...rootCA, "team-a/x", "team-a/index", "team-a/kube-root-ca.crt", "team-a/index"]);
    expect(seen(create("default", "y")).keys).toEqual([...rootCA, "default/y"]);
  });
});
