/**
 * The model as a configured value, end to end: a component kind of one's own and an invariant of one's own go in
 * by passing them (a registry of kinds with the kind added, a config that runs it, the invariant in the request),
 * nothing global changes, and the counterexample's trace names the component in its cluster config, so replaying
 * it with the same registry reproduces the violation.
 */
import { describe, expect, it } from "vitest";
import type { ComponentBehavior } from "../../model/components/behavior.ts";
import { fixedKind } from "../../model/components/kinds.ts";
import { BUILTIN_KINDS } from "../../model/builtin-kinds.ts";
import { DEFAULT_CLUSTER_CONFIG, type ClusterConfig } from "../../model/config.ts";
import { cacheGet } from "../../model/informers/cache.ts";
import { send } from "../../model/client.ts";
import type { Invariant } from "../../invariants/types.ts";
import { objectsUnder } from "../../invariants/objects.ts";
import { lazy } from "../../model/collections/memo.ts";
import { replayTrace } from "../replay.ts";
import { checkSession } from "./check.ts";

/** A user's controller: for every ConfigMap "x" it sees, it writes a ConfigMap "x-copy" (unless x is a copy). */
const copier: ComponentBehavior = {
  kind: "configmap-copier",
  source: "a user's controller (test)",
  watches: () => [{ resource: "configmaps" }],
  keysFor: (_r, ev) => (ev.type === "DELETED" || ev.object.metadata.name!.endsWith("-copy") ? [] : [`${ev.object.metadata.namespace}/${ev.object.metadata.name}`]),
  reconcile(state, c, key, log) {
    const cm = cacheGet(c, "configmaps", key);
    if (!cm) return { state };
    const copy = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `${cm.metadata.name}-copy`, namespace: cm.metadata.namespace } };
    return { state: send(state, c.id, { verb: "create", resource: "configmaps", namespace: cm.metadata.namespace!, object: copy }, log).state };
  },
  initialMemory: () => null,
};

/** The user's claim about it: no copy of a copy, and at most one copy in a namespace (wrong once there are two). */
const oneCopy: Invariant = {
  id: "at-most-one-copy",
  description: "a namespace holds at most one copied ConfigMap (deliberately wrong, for tests)",
  kind: "safety",
  source: "test",
  check(state) {
    const copies = objectsUnder(state, "/registry/configmaps/").filter((cm) => cm.metadata.name!.endsWith("-copy"));
    const byNs = new Map<string, number>();
    for (const c of copies) byNs.set(c.metadata.namespace!, (byNs.get(c.metadata.namespace!) ?? 0) + 1);
    return [...byNs].filter(([, n]) => n > 1).map(([ns, n]) => ({ invariant: "at-most-one-copy", objects: [`Namespace ${ns}`], message: `namespace ${ns} holds ${n} copies` }));
  },
};

const kinds = BUILTIN_KINDS.with(fixedKind(copier));
const config: ClusterConfig = { ...DEFAULT_CLUSTER_CONFIG, components: [...DEFAULT_CLUSTER_CONFIG.components, { id: "user/copier", kind: copier.kind }] };
const plugins = { files: [], invariants: [oneCopy], bugs: [] };

/** The check session with the user's kind and invariant (run once, on first use). */
const session = lazy(() => checkSession({ scopes: ["namespaces"], invariants: ["at-most-one-copy"], config, kinds, plugins, runs: 200, seed: 3 }));

describe("a user's component kind and invariant, by passing them", () => {
  it("the checker runs the component in the configured cluster and finds the invariant's violation; the trace carries the config", () => {
    const s = session();
    const ce = s.counterexample;
    expect(ce?.trace.expectViolation?.invariant).toBe("at-most-one-copy");
    expect(ce!.trace.cluster.components).toContainEqual({ id: "user/copier", kind: "configmap-copier" });
    // The copier's own actions are in the trace: it is what made the copies.
    expect(ce!.trace.steps.some((a) => a.type === "reconcile" && a.component === "user/copier")).toBe(true);
    const again = replayTrace(ce!.scenario, s.invariants, { kinds });
    expect(again.violations.map((v) => v.invariant)).toEqual(["at-most-one-copy"]);
    expect(again.violationAt).toBe(ce!.trace.expectViolation!.step);
  });

  it("the built-in registry does not know the kind: replaying without it is refused, naming the config's field", () => {
    const s = session();
    expect(() => replayTrace(s.counterexample!.scenario, s.invariants)).toThrow(/cluster\.components\[20\]\.kind: unknown component kind "configmap-copier"/);
  });

  it("without the component in the config, the same search finds nothing: the config, not a registry, decides what runs", () => {
    const s = checkSession({ scopes: ["namespaces"], invariants: ["at-most-one-copy"], kinds, plugins, runs: 50, seed: 3 });
    expect(s.result.ok).toBe(true);
    expect(s.result.runs).toBe(50);
  });
});
