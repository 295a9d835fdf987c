/**
 * The WebApp operator's property tests as a user writes them in their own vitest suite, importing kubeprop as a
 * package ("kubeprop", "kubeprop/vitest"; in this checkout they resolve to the sources, tsconfig.json's paths):
 * a fast-check property over every WebApp the CRD's schema allows, and the project's check (WebApps applied,
 * changed and deleted under operator restarts) as one test that fails with a shrunk counterexample.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fileURLToPath } from "node:url";
import { KUBEPROP_KINDS, customResourceArb, initialState, loadProject, objectsUnder, settle, type KObject, type State } from "kubeprop";
import { CounterexampleError, checkProperty } from "kubeprop/vitest";
import { childrenMatchSpec, noOrphanedChildren } from "./invariants.ts";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const webApps = customResourceArb(new URL("./crd.yaml", import.meta.url), { names: ["shop", "blog"] });

/** A cluster running the project's controllers, with its manifests and these objects applied, settled. */
async function applied(config: string, objects: readonly KObject[]): Promise<(app: KObject) => State> {
  const project = await loadProject(here(config));
  return (app) => {
    const start = initialState({ name: "apply", config: project.config, nodes: [], objects: [...project.scope.objects, ...objects, app], steps: [] }, undefined, KUBEPROP_KINDS);
    return settle(start, { kinds: KUBEPROP_KINDS }).state;
  };
}

describe("the WebApp operator, property-tested from a user's suite", () => {
  it("any WebApp the schema allows, applied, settles into children that say what its spec says", { timeout: 60_000 }, async () => {
    const cluster = await applied("./kubeprop.config.ts", []);
    fc.assert(
      fc.property(webApps, (app) => {
        const s = cluster(app);
        expect(childrenMatchSpec.check(s)).toEqual([]);
        // The ConfigMap, Deployment and Service are owned by the WebApp (unless its image is invalid).
        const owned = [...objectsUnder(s, "/registry/configmaps/default/"), ...objectsUnder(s, "/registry/deployments/default/"), ...objectsUnder(s, "/registry/services/default/")].filter((o) => o.metadata.ownerReferences?.[0]?.name === app.metadata.name);
        expect(owned.length).toBe((app.spec as { image?: string } | undefined)?.image === "" ? 1 : 3);
      }),
      { numRuns: 12, seed: 7 },
    );
  });

  it("WebApps applied, changed and deleted under operator restarts: no orphans, children as specified", { timeout: 60_000 }, async () => {
    const session = checkProperty({ project: await loadProject(here("./kubeprop.config.ts")), seed: 5 });
    expect(session.result.runs).toBe(50);
    expect(session.invariants.map((i) => i.id)).toEqual(expect.arrayContaining([noOrphanedChildren.id, childrenMatchSpec.id]));
  });

  it("with the planted bug, the same test fails with the shrunk counterexample and how to rerun it", { timeout: 60_000 }, async () => {
    let error: unknown;
    try {
      checkProperty({ project: await loadProject(here("./buggy.config.ts")), seed: 5 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CounterexampleError);
    const message = (error as Error).message;
    expect(message).toMatch(/^kubeprop found a counterexample in scope webapp-operator: webapp-no-orphaned-children: /);
    expect(message).toContain("user: create webapps.example.com -n default shop");
    expect(message).toMatch(/npx kubeprop check --seed 5 --path \S+ --config \S*buggy\.config\.ts/);
  });
});
