/** A watch's handler of the user's (Watch.enqueue as a function): the keys it returns are what an event enqueues. */
import { describe, expect, it } from "vitest";
import type { State } from "../model/state.ts";
import { BUILTIN_KINDS } from "../model/builtin-kinds.ts";
import { clusterOf } from "../model/cluster.ts";
import { DEFAULT_CLUSTER_CONFIG } from "../model/config.ts";
import { handle } from "../model/apiserver/handle.ts";
import type { ApiRequest } from "../model/apiserver/request.ts";
import { btreeGet } from "../model/collections/btree.ts";
import { queueLength } from "../model/informers/workqueue.ts";
import { userControllerKind } from "./kind.ts";
import type { ControllerMemory } from "./run-log.ts";

const cluster = clusterOf(BUILTIN_KINDS.with(userControllerKind()));
const ID = "controller/handlers";
const config = { ...DEFAULT_CLUSTER_CONFIG, components: [...DEFAULT_CLUSTER_CONFIG.components, { id: ID, kind: "user-controller", options: { module: "test/fixtures/controllers/handlers.ts" } }] };
const api = (s: State, req: Omit<ApiRequest, "resource" | "namespace"> & Record<string, unknown>): State => handle(s, { resource: "configmaps", namespace: "default", ...req } as ApiRequest).state;
const cm = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default", ...extra } });
/** The user's changes, then everything settles: the keys the controller reconciled, in order. */
function seen(change: (s: State) => State): string[] {
  const start = cluster.settle(cluster.bootstrap({ config })).state;
  const end = cluster.settle(change(start)).state;
  const c = btreeGet(end.components, ID)!;
  expect(queueLength(c.queue)).toBe(0);
  return ((c.memory as ControllerMemory).memory["seen"] as string[] | undefined) ?? [];
}

describe("a watch's handler", () => {
  it("enqueues the keys it returns for an add, an update and a delete, and nothing when it returns none", () => {
    expect(seen((s) => api(s, { verb: "create", object: cm("plain") }))).toEqual([]);
    expect(seen((s) => api(s, { verb: "create", object: cm("a", { labels: { watch: "yes" } }) }))).toEqual(["default/a"]);
    expect(
      seen((s) => {
        let t = api(s, { verb: "create", object: { ...cm("b"), data: { k: "1" } } });
        t = cluster.settle(t).state;
        t = api(t, { verb: "patch", name: "b", patch: { metadata: { labels: { x: "y" } } } });
        t = cluster.settle(t).state;
        t = api(t, { verb: "patch", name: "b", patch: { data: { k: "2" } } });
        t = cluster.settle(t).state;
        return api(t, { verb: "delete", name: "b" });
      }),
    ).toEqual(["default/b", "default/gone-b"]);
  });

  it("that throws, or returns something that is not a list of keys, enqueues nothing; the controller goes on", () => {
    expect(seen((s) => api(api(api(s, { verb: "create", object: cm("boom") }), { verb: "create", object: cm("bad") }), { verb: "create", object: cm("c", { labels: { watch: "yes" } }) }))).toEqual(["default/c"]);
  });
});
