/**
 * A project's user operations (properties/project-operations.ts, properties/project.ts): kubectl apply and delete
 * of each operand, in a cluster where the CRD serves the kind; operands drawn per run from a project's resources.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { join } from "node:path";
import type { Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import { describeAction } from "../model/actions.ts";
import { initialState } from "../model/scenario/run.ts";
import { step } from "../model/step.ts";
import { ROOT } from "../test/cli-run.ts";
import { customResourceArb } from "./arbitraries/custom-resource.ts";
import { liveObject, operandOperations, resolveOperation } from "./project-operations.ts";
import { projectOf } from "./project.ts";
import { InputError } from "./input-error.ts";

const DIR = join(ROOT, "examples/webapp-operator");
const CONFIG = join(DIR, "kubeprop.config.ts");
const project = projectOf(CONFIG, { name: "ops", controllers: ["./controller.ts"], manifests: ["./crd.yaml"], examples: [] as KObject[], operations: () => [] });
const start: State = initialState({ name: "ops", config: {}, nodes: [], objects: project.scope.objects, steps: [] });
const app = (spec: Record<string, unknown>): KObject => ({ apiVersion: "example.com/v1", kind: "WebApp", metadata: { name: "shop", namespace: "default" }, spec }) as KObject;
const run = (s: State, a: Action): State => step(s, resolveOperation(s, a));
const describeAll = (s: State, operands: readonly KObject[]) => operandOperations(s, operands).map((a) => describeAction(resolveOperation(s, a)));

describe("a run's operands become kubectl apply and delete", () => {
  it("creates what is absent (each distinct operand of a name is one way to create it)", () => {
    expect(describeAll(start, [app({ replicas: 1 }), app({ replicas: 2 }), app({ replicas: 1 })])).toEqual([
      "user: create webapps.example.com -n default shop",
      "user: create webapps.example.com -n default shop",
    ]);
  });

  it("offers the delete of what is there, and the patch to each other operand of its name", () => {
    const s = run(start, operandOperations(start, [app({ replicas: 1, message: "a" })])[0]!);
    expect(liveObject(s, app({}))?.spec).toEqual({ replicas: 1, message: "a" });
    const ops = operandOperations(s, [app({ replicas: 1, message: "a" }), app({ replicas: 3 })]);
    expect(ops.map((a) => (a.type === "api" ? a.request.verb : a.type))).toEqual(["delete", "patch"]);
    const patched = run(s, ops[1]!);
    // The three-way merge removes the message the earlier configuration had.
    expect(liveObject(patched, app({}))?.spec).toEqual({ replicas: 3 });
    const deleted = run(patched, ops[0]!);
    expect(liveObject(deleted, app({}))).toBeUndefined();
  });
});

describe("projects with resources", () => {
  const resources = [customResourceArb(join(DIR, "crd.yaml"), { names: ["shop"] })];

  it("draw 1-3 operands a run, beside the examples; the explorer's are the examples, else one of each arbitrary (seed 1)", () => {
    const withExamples = projectOf(CONFIG, { name: "r", controllers: ["./controller.ts"], manifests: ["./crd.yaml"], examples: [app({ replicas: 9 })], resources });
    const clusters = fc.sample(withExamples.scope.clusters!, { seed: 2, numRuns: 30 });
    for (const c of clusters) {
      expect(c.operands![0]).toEqual(app({ replicas: 9 }));
      expect(c.operands!.length).toBeGreaterThanOrEqual(2);
      expect(c.operands!.length).toBeLessThanOrEqual(4);
    }
    expect(new Set(clusters.map((c) => JSON.stringify(c.operands))).size).toBeGreaterThan(10);
    expect(withExamples.scope.operands).toEqual([app({ replicas: 9 })]);
    const onlyResources = projectOf(CONFIG, { name: "r", controllers: ["./controller.ts"], manifests: ["./crd.yaml"], resources });
    expect(onlyResources.scope.operands).toEqual([fc.sample(resources[0]!, { seed: 1, numRuns: 1 })[0]]);
  });

  it("refuse a definition without operations, or with operands that are not objects or arbitraries, naming the field", () => {
    const base = { name: "r", controllers: ["./controller.ts"] };
    expect(() => projectOf(CONFIG, base)).toThrow(new InputError(`${CONFIG}: operations: the project has no user operations: give operations, examples or resources`));
    expect(() => projectOf(CONFIG, { ...base, examples: [{ kind: "WebApp" }] })).toThrow(new InputError(`${CONFIG}: examples: expected a list of objects (apiVersion, kind, metadata.name)`));
    expect(() => projectOf(CONFIG, { ...base, resources: [app({})] })).toThrow(new InputError(`${CONFIG}: resources: expected a list of fast-check arbitraries of objects`));
    expect(() => projectOf(CONFIG, { ...base, examples: [app({})], invariants: [{ id: "x" }] })).toThrow(new InputError(`${CONFIG}: invariants: expected a list of invariants (id, description, kind, check)`));
  });
});
