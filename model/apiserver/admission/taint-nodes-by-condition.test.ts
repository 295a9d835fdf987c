/**
 * TaintNodesByCondition admission (plugin/pkg/admission/nodetaint/admission.go: Admit, addTaint, MatchTaint on
 * key and effect): no taints, an unrelated taint, the taint already present, a subresource, an update.
 */
import { describe, expect, it } from "vitest";
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { Taint } from "../../objects/taints.ts";
import { bootstrap } from "../../bootstrap.ts";
import { DEFAULT_ADMISSION } from "../../config.ts";
import { handle } from "../handle.ts";
import { isStatus } from "../status.ts";
import { BUILTIN_BY_ID } from "../resources.ts";
import { ADMISSION_PLUGINS } from "./plugins.ts";
import { taintNodesByConditionAdmission } from "./taint-nodes-by-condition.ts";

const NODES = BUILTIN_BY_ID.get("nodes")!;
const notReady: Taint = { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" };
const node = (taints?: readonly Taint[]): KObject => ({ apiVersion: "v1", kind: "Node", metadata: { name: "n1" }, spec: taints ? { taints } : {} });
const admitted = (n: KObject, operation: "CREATE" | "UPDATE" = "CREATE", subresource?: string) =>
  taintNodesByConditionAdmission.admit!(bootstrap(), { operation, resource: NODES, namespace: "", name: "n1", subresource, object: n });

describe("TaintNodesByCondition admission", () => {
  it("a new node without taints gets not-ready:NoSchedule", () => {
    expect((admitted(node()) as KObject).spec.taints).toEqual([notReady]);
  });

  it("an unrelated taint is kept and not-ready:NoSchedule appended", () => {
    const other = { key: "foo", value: "bar", effect: "NoExecute" };
    expect((admitted(node([other])) as KObject).spec.taints).toEqual([other, notReady]);
  });

  it("a node already carrying the taint (same key and effect, any value) is left alone", () => {
    expect(admitted(node([{ ...notReady, value: "x" }]))).toBeUndefined();
    // Another effect of the same key does not match: the NoSchedule one is still added.
    expect((admitted(node([{ key: notReady.key, effect: "NoExecute" }])) as KObject).spec.taints).toEqual([{ key: notReady.key, effect: "NoExecute" }, notReady]);
  });

  it("only a node CREATE: not an update, not a subresource", () => {
    expect(admitted(node(), "UPDATE")).toBeUndefined();
    expect(admitted(node(), "CREATE", "status")).toBeUndefined();
  });

  it("is registered but not in the default chain; a config that names it taints nodes created through the API", () => {
    expect(ADMISSION_PLUGINS.has("TaintNodesByCondition")).toBe(true);
    expect(DEFAULT_ADMISSION.map((a) => a.name)).not.toContain("TaintNodesByCondition");
    const base = bootstrap();
    const s: State = { ...base, config: { ...base.config, admission: [{ name: "NamespaceLifecycle" }, { name: "TaintNodesByCondition" }] } };
    const r = handle(s, { verb: "create", resource: "nodes", object: node() });
    if (isStatus(r.result)) throw new Error(r.result.message);
    expect(r.result.spec.taints).toEqual([notReady]);
    const plain = handle(base, { verb: "create", resource: "nodes", object: node() });
    if (isStatus(plain.result)) throw new Error(plain.result.message);
    expect(plain.result.spec.taints).toBeUndefined();
  });
});
