import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cluster, pod } from "../../test/helpers.ts";
import { handle } from "./handle.ts";
import { list, type ListObject } from "./read.ts";
import { watch } from "./watch.ts";
import { step } from "../step.ts";
import { podKeysOnNode } from "./pod-node-index.ts";
import type { State } from "../state.ts";

const NODES = ["n1", "n2", "n3"];
const NAMESPACES = ["default", "kube-system"];

type Op =
  | { op: "create"; ns: number; name: number; node: number | null }
  | { op: "bind"; ns: number; name: number; node: number }
  | { op: "label"; ns: number; name: number }
  | { op: "delete"; ns: number; name: number }
  | { op: "compact" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("create" as const), ns: fc.nat(1), name: fc.nat(5), node: fc.option(fc.nat(2), { nil: null }) }),
  fc.record({ op: fc.constant("bind" as const), ns: fc.nat(1), name: fc.nat(5), node: fc.nat(2) }),
  fc.record({ op: fc.constant("label" as const), ns: fc.nat(1), name: fc.nat(5) }),
  fc.record({ op: fc.constant("delete" as const), ns: fc.nat(1), name: fc.nat(5) }),
  fc.constant({ op: "compact" as const }),
);

/** Applies one operation through the API server (a refused request leaves the state as it was). */
function apply(s: State, o: Op): State {
  if (o.op === "compact") return step(s, { type: "store.compact" });
  const namespace = NAMESPACES[o.ns]!;
  const name = `p${o.name}`;
  const r =
    o.op === "create"
      ? handle(s, { verb: "create", resource: "pods", namespace, object: { ...pod(name), spec: { ...pod(name).spec, ...(o.node === null ? {} : { nodeName: NODES[o.node] }) } } })
      : o.op === "bind"
        ? handle(s, { verb: "create", resource: "pods", subresource: "binding", namespace, name, object: { apiVersion: "v1", kind: "Binding", metadata: { name }, target: { kind: "Node", name: NODES[o.node]! } } })
        : o.op === "label"
          ? handle(s, { verb: "patch", resource: "pods", namespace, name, patch: { metadata: { labels: { touched: String(s.store.revision) } } } })
          : handle(s, { verb: "delete", resource: "pods", namespace, name, gracePeriodSeconds: 0 });
  return r.state;
}

// The same selector in a form the index does not serve: the API server then scans, which is the oracle.
const scanned = (node: string) => `spec.nodeName=${node},metadata.name!=no-such-pod`;

describe("the API server's pod-by-node index (the watch cache's indexed trigger for spec.nodeName)", () => {
  it("serves a kubelet's list and watch exactly as a scan of every pod would", () =>
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), fc.nat(60), (ops, since) => {
        let s = cluster();
        const start = s.store.revision;
        for (const o of ops) s = apply(s, o);
        for (const node of NODES) {
          for (const namespace of [undefined, "default"]) {
            const fast = list(s, "pods", namespace, undefined, `spec.nodeName=${node}`).result as ListObject;
            const slow = list(s, "pods", namespace, undefined, scanned(node)).result as ListObject;
            expect(fast.items).toEqual(slow.items);
            const from = start + (since % (s.store.revision - start + 1));
            const opts = namespace ? { namespace } : {};
            expect(watch(s, "pods", from, { ...opts, fieldSelector: `spec.nodeName=${node}` })).toEqual(watch(s, "pods", from, { ...opts, fieldSelector: scanned(node) }));
            // A limit counts the events this watcher gets (the watch cache sends it only its node's), so two
            // delivered events end at the second one's revision, not at the cluster's second write.
            const all = watch(s, "pods", from, { fieldSelector: `spec.nodeName=${node}` });
            const two = watch(s, "pods", from, { fieldSelector: `spec.nodeName=${node}`, limit: 2 });
            if (all.ok && two.ok) {
              expect(two.events).toEqual(all.events.slice(0, 2));
              if (all.events.length >= 2) expect(two.revision).toBe(Number(all.events[1]!.object.metadata.resourceVersion));
              else expect(two.revision).toBe(all.revision);
            } else expect(two.ok).toBe(all.ok);
          }
        }
      }),
      { numRuns: 150 },
    ));

  it("moves a pod between nodes' entries when it is bound, and drops it on delete", () => {
    let s = cluster();
    s = apply(s, { op: "create", ns: 0, name: 1, node: null });
    expect(podKeysOnNode(s, "n1")).toEqual([]);
    s = apply(s, { op: "bind", ns: 0, name: 1, node: 0 });
    expect(podKeysOnNode(s, "n1")).toEqual(["/registry/pods/default/p1"]);
    s = apply(s, { op: "delete", ns: 0, name: 1 });
    expect(podKeysOnNode(s, "n1")).toEqual([]);
  });

  it("answers 410 Gone for a watch from before the compaction, as the scan does", () => {
    let s = cluster();
    s = apply(s, { op: "create", ns: 0, name: 1, node: 0 });
    const before = s.store.revision - 1;
    s = apply(s, { op: "label", ns: 0, name: 1 });
    s = apply(s, { op: "compact" });
    const w = watch(s, "pods", before, { fieldSelector: "spec.nodeName=n1" });
    expect(w.ok).toBe(false);
    expect(!w.ok && w.status.code).toBe(410);
    // etcd keeps the event at the compaction revision itself; the create before it is gone from the log.
    expect(s.indexes.podNodeLog.size).toBe(1);
  });
});
