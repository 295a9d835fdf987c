import { describe, expect, it } from "vitest";
import { fingerprint } from "./fingerprint.ts";
import { cluster, ok } from "../test/helpers.ts";
import { step } from "../model/step.ts";
import { btreeFrom, btreeSet } from "../model/collections/btree.ts";
import { bugById, stateWithBug } from "./bugs/index.ts";

const cm = (name: string) => ({ verb: "create" as const, resource: "configmaps", namespace: "default", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name } } });

describe("state fingerprints", () => {
  it("are equal for equal states and differ when anything changes", () => {
    const a = ok(cluster(), cm("a")).state;
    const b = ok(cluster(), cm("a")).state;
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(ok(a, cm("b")).state)).not.toBe(fingerprint(a));
    expect(fingerprint(step(a, { type: "clock.advance", seconds: 1 }))).not.toBe(fingerprint(a));
    expect(fingerprint(step(a, { type: "informer.sync", component: "kube-controller-manager/serviceaccount", resource: "namespaces" }))).not.toBe(fingerprint(a));
  });

  it("do not depend on the order a B-tree was built in, nor on which objects were digested before", () => {
    const a = ok(ok(cluster(), cm("a")).state, cm("b")).state;
    const keys = [...Array(80).keys()].map((i) => `k${String(i).padStart(3, "0")}`);
    const forward = btreeFrom(keys.map((k) => [k, { k }] as const));
    const backward = btreeFrom([...keys].reverse().map((k) => [k, { k }] as const));
    const withTree = (t: typeof forward) => ({ ...a, world: { ...a.world, metrics: t } }) as unknown as typeof a;
    // A fresh copy of every object: nothing digested yet, so the digests are computed again and must agree.
    const fresh = JSON.parse(JSON.stringify(withTree(forward)));
    expect(fingerprint(withTree(backward))).toBe(fingerprint(withTree(forward)));
    expect(fingerprint(fresh)).toBe(fingerprint(withTree(forward)));
    expect(fingerprint(withTree(btreeSet(forward, "k001", { k: "changed" })))).not.toBe(fingerprint(withTree(forward)));
  });

  it("say which model a state belongs to: the same cluster under another config fingerprints apart", () => {
    const a = ok(cluster(), cm("a")).state;
    const withBug = stateWithBug(a, bugById("endpoints-terminating-ready")!);
    expect(withBug.store).toBe(a.store);
    expect(fingerprint(withBug)).not.toBe(fingerprint(a));
    // A config equal in content (a copy, as a parsed trace has) fingerprints the same.
    expect(fingerprint({ ...a, config: JSON.parse(JSON.stringify(a.config)) })).toBe(fingerprint(a));
  });
});
