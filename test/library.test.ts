/**
 * The library's entries from their sources: `kubeprop` (index.ts) and `kubeprop/vitest` (vitest.ts). A property
 * test written the way a user writes one: invariants of their own, a check session, a counterexample that fails
 * the test with its trace and both ways to reproduce it. (test/package-build.install.ts holds the built package.)
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as kubeprop from "../index.ts";
import { checkProperty, CounterexampleError, clusterArb, deploymentArb } from "../vitest.ts";
import { invariants as brokenInvariants } from "./fixtures/plugins/broken-invariant.ts";

/** The broken invariant's counterexample (cli/check-plugin-reproduce.test.ts): three ConfigMaps in one namespace. */
const PATH = "14:3:3:4:10:9:12:14:13:13:7:7";
const broken = { files: [], invariants: brokenInvariants, bugs: [] };

describe("kubeprop (index.ts)", () => {
  it("names the model, the sessions, plugins, invariants, replay and reports", () => {
    for (const name of ["BUILTIN_KINDS", "Kinds", "clusterOf", "bootstrap", "step", "settle", "defineController", "defineReconciler", "checkSession", "exploreSession", "loadPlugins", "ALL_INVARIANTS", "monitor", "objectsUnder", "replayTrace", "renderCounterexample", "InputError"]) {
      expect(kubeprop, name).toHaveProperty(name);
    }
  });

  it("a user's invariant, written with the helpers, is checked by a session and its counterexample replays", () => {
    const session = kubeprop.checkSession({ scopes: ["namespaces"], seed: 5, maxSteps: 12, path: PATH, plugins: broken, invariants: ["at-most-two-configmaps"] });
    const ce = session.counterexample!;
    expect(ce.description).toMatch(/^at-most-two-configmaps: namespace \S+ holds 3 ConfigMaps$/);
    const replay = kubeprop.replayTrace(ce.scenario, session.invariants);
    expect(replay.violations.map((v) => v.invariant)).toEqual(["at-most-two-configmaps"]);
    expect(kubeprop.renderCounterexample(ce.trace, ce.scenario, session.invariants, { traceFile: "t.json", libraryImport: "kubeprop" }).vitest).toContain('from "kubeprop";');
  });
});

describe("kubeprop/vitest (vitest.ts)", () => {
  it("checkProperty returns the session when the invariants hold", () => {
    const session = checkProperty({ scopes: ["namespaces"], runs: 3 });
    expect(session.result.ok).toBe(true);
    expect(session.result.runs).toBe(3);
  });

  it("checkProperty throws the shrunk counterexample: its description, its trace and how to reproduce it", () => {
    const request = { scopes: ["namespaces"], seed: 5, maxSteps: 12, path: PATH, plugins: broken };
    let error: unknown;
    try {
      checkProperty(request);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CounterexampleError);
    const e = error as CounterexampleError;
    const lines = e.message.split("\n");
    expect(lines[0]).toMatch(/^kubeprop found a counterexample in scope namespaces: at-most-two-configmaps: namespace \S+ holds 3 ConfigMaps$/);
    expect(e.message).toMatch(/\n +1\. user: create configmaps -n \S+ cm-\n/);
    expect(e.message).toContain(`\nreproduce: npx kubeprop check --seed 5 --path ${e.counterexample.origin.path} --scope namespaces --max-steps 12`);
    // The request it prints, run again, fails the same way.
    const again = /^or here: checkProperty\(\{ \.\.\.request, seed: (\d+), path: ("[^"]*"), scopes: \["namespaces"\] \}\)$/.exec(lines.at(-1)!);
    expect(again).not.toBeNull();
    expect(() => checkProperty({ ...request, seed: Number(again![1]), path: JSON.parse(again![2]!) as string })).toThrow(/at-most-two-configmaps/);
  });

  it("its arbitraries generate clusters and manifests the model's API server accepts", () => {
    fc.assert(
      fc.property(clusterArb({ maxNodes: 2 }), deploymentArb("web"), (nodes, deployment) => {
        const state = kubeprop.initialState({ name: "t", config: {}, nodes, objects: [], steps: [] });
        const r = kubeprop.apiRequest(state, { verb: "create", resource: "deployments.apps", namespace: "default", object: deployment });
        expect(r.result).toMatchObject({ kind: "Deployment", metadata: { name: "web" } });
      }),
      { numRuns: 5 },
    );
  });
});
