import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cluster } from "../../test/helpers.ts";
import { handle } from "./handle.ts";
import { list, type ListObject } from "./read.ts";
import { watch } from "./watch.ts";
import { step } from "../step.ts";
import { nameOfFieldSelector } from "./field-selector-name.ts";
import type { State } from "../state.ts";

type Op = { op: "put" | "delete"; name: number; ns: number } | { op: "compact" };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom("put" as const, "delete" as const), name: fc.nat(3), ns: fc.nat(1) }),
  fc.constant({ op: "compact" as const }),
);
const NAMESPACES = ["default", "kube-system"];

/** ConfigMaps (namespaced) and Nodes (cluster-scoped) written, rewritten and deleted. */
function apply(s: State, o: Op): State {
  if (o.op === "compact") return step(s, { type: "store.compact" });
  const name = `o${o.name}`;
  const namespace = NAMESPACES[o.ns]!;
  if (o.op === "delete") {
    return handle(handle(s, { verb: "delete", resource: "configmaps", namespace, name }).state, { verb: "delete", resource: "nodes", name }).state;
  }
  const data = { rev: String(s.store.revision) };
  s = handle(s, { verb: "apply", resource: "configmaps", namespace, object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data } }).state;
  return handle(s, { verb: "apply", resource: "nodes", object: { apiVersion: "v1", kind: "Node", metadata: { name, labels: data } } }).state;
}

// The same selector in a form the fast path does not take: the API server then scans, which is the oracle.
const scanned = (name: string) => `metadata.name=${name},metadata.name!=no-such-object`;

describe("lists and watches of one object by name (metadata.name=...)", () => {
  it("read that object's key and events exactly as a scan of the resource would find them", () =>
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), fc.nat(50), (ops, since) => {
        let s = cluster();
        const start = s.store.revision;
        for (const o of ops) s = apply(s, o);
        const from = start + (since % (s.store.revision - start + 1));
        for (const name of ["o0", "o1", "o3"]) {
          for (const [resource, namespace] of [["nodes", undefined], ["configmaps", "default"], ["configmaps", undefined]] as const) {
            const fast = list(s, resource, namespace, undefined, `metadata.name=${name}`).result as ListObject;
            const slow = list(s, resource, namespace, undefined, scanned(name)).result as ListObject;
            expect(fast.items).toEqual(slow.items);
            const opts = namespace ? { namespace } : {};
            expect(watch(s, resource, from, { ...opts, fieldSelector: `metadata.name=${name}` })).toEqual(watch(s, resource, from, { ...opts, fieldSelector: scanned(name) }));
          }
        }
      }),
      { numRuns: 120 },
    ));

  it("delivers every write of the named object, not only the last, and nothing of its neighbours", () => {
    let s = cluster();
    const from = s.store.revision;
    for (const o of [{ op: "put", name: 1, ns: 0 }, { op: "put", name: 2, ns: 0 }, { op: "put", name: 1, ns: 0 }, { op: "delete", name: 1, ns: 0 }] as Op[]) s = apply(s, o);
    const w = watch(s, "nodes", from, { fieldSelector: "metadata.name=o1" });
    expect(w.ok && w.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(["ADDED o1", "MODIFIED o1", "DELETED o1"]);
    expect((list(s, "nodes", undefined, undefined, "metadata.name=o2").result as ListObject).items.map((n) => n.metadata.name)).toEqual(["o2"]);
  });

  it("takes the fast path only for exactly metadata.name=<name>", () => {
    expect(nameOfFieldSelector("metadata.name=n1")).toBe("n1");
    expect(nameOfFieldSelector("metadata.name!=n1")).toBeUndefined();
    expect(nameOfFieldSelector("metadata.name=n1,spec.unschedulable=false")).toBeUndefined();
    expect(nameOfFieldSelector("metadata.namespace=n1")).toBeUndefined();
    expect(nameOfFieldSelector(undefined)).toBeUndefined();
  });
});
