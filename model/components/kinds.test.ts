import { describe, expect, it } from "vitest";
import type { ComponentBehavior } from "./behavior.ts";
import { Kinds, fixedKind } from "./kinds.ts";
import { BUILTIN_KINDS } from "../builtin-kinds.ts";
import { ConfigError, DEFAULT_CLUSTER_CONFIG, type ClusterConfig } from "../config.ts";

const stub = (kind: string): ComponentBehavior => ({ kind, source: "test", watches: () => [], keysFor: () => [], reconcile: (state) => ({ state }), initialMemory: () => null });
const configWith = (components: ClusterConfig["components"]): ClusterConfig => ({ ...DEFAULT_CLUSTER_CONFIG, components });
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
};

describe("the registry of kinds (model/components/kinds.ts)", () => {
  it("is immutable: with() gives a new registry and leaves the old one as it was", () => {
    const mine = BUILTIN_KINDS.with(fixedKind(stub("mine")));
    expect(mine.get("mine")?.kind).toBe("mine");
    expect(BUILTIN_KINDS.get("mine")).toBeUndefined();
    expect(mine.names().length).toBe(BUILTIN_KINDS.names().length + 1);
  });

  it("resolves a config's kinds with their options, and the options every kind takes", () => {
    const rt = BUILTIN_KINDS.runtime(configWith([{ id: "ep", kind: "endpoint-controller", options: { waitForCacheSync: false } }, { id: "sched", kind: "scheduler" }]));
    expect(rt.behaviorOf({ id: "ep", kind: "endpoint-controller" }).waitForCacheSync).toBe(false);
    expect(rt.behaviorOf({ id: "sched", kind: "scheduler" }).waitForCacheSync).toBeUndefined();
    expect(rt.runs("scheduler")).toBe(true);
    expect(rt.runs("namespace-controller")).toBe(false);
    // The same config object resolves to the same runtime (states of a run share it).
    expect(BUILTIN_KINDS.runtime(rt.config)).toBe(rt);
  });

  it("an id added again with another kind gets that kind's behaviour", () => {
    const kinds = Kinds.of([fixedKind(stub("a")), fixedKind(stub("b"))]);
    const rt = kinds.runtime({ ...configWith([]), nodeComponents: [] });
    expect(rt.behaviorOf({ id: "x", kind: "a" }).kind).toBe("a");
    expect(rt.behaviorOf({ id: "x", kind: "b" }).kind).toBe("b");
  });

  it("refuses an unknown kind, an unknown option and an option of the wrong type, naming the field", () => {
    expect(errorOf(() => BUILTIN_KINDS.runtime(configWith([{ id: "c", kind: "nope" }])))).toMatch(/^cluster\.components\[0\]\.kind: unknown component kind "nope" \(kinds: /);
    expect(errorOf(() => BUILTIN_KINDS.runtime(configWith([{ id: "c", kind: "endpoint-controller", options: { keepTerminating: true } }])))).toBe(
      'cluster.components[0].options.keepTerminating: unknown option of component kind "endpoint-controller" (options: keepTerminatingReady, waitForCacheSync, resyncPeriod)',
    );
    expect(errorOf(() => BUILTIN_KINDS.runtime(configWith([{ id: "c", kind: "endpoint-controller", options: { keepTerminatingReady: 1 } }])))).toBe("cluster.components[0].options.keepTerminatingReady: expected a boolean, got 1");
    expect(errorOf(() => BUILTIN_KINDS.runtime({ ...DEFAULT_CLUSTER_CONFIG, nodeComponents: [{ prefix: "kubelet", kind: "kublet" }] }))).toMatch(/^cluster\.nodeComponents\[0\]\.kind: unknown component kind "kublet"/);
    expect(errorOf(() => BUILTIN_KINDS.runtime({ ...DEFAULT_CLUSTER_CONFIG, admission: [{ name: "ResourceQuota", options: { cas: false } }] }))).toBe("cluster.admission[0].options.cas: unknown option of admission plug-in ResourceQuota (options: casOnUsage)");
  });
});
