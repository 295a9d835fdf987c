import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { parseScenario } from "./parse.ts";
import { runScenario } from "./run.ts";
import { ScenarioError } from "./types.ts";
import { enabled } from "../enabled.ts";
import { step } from "../step.ts";
import { bootstrap } from "../bootstrap.ts";
import { btreeKeys } from "../collections/btree.ts";

const FOUNDATION = readFileSync(new URL("../../scenarios/foundation.yaml", import.meta.url), "utf8");

function errorOf(text: string, files: Record<string, string> = {}): string {
  try {
    parseScenario(text, "s.yaml", (p) => {
      if (!(p in files)) throw new Error("no such file");
      return files[p]!;
    });
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error("expected a ScenarioError");
}

describe("scenario parsing", () => {
  it("names the file and the place of every mistake", () => {
    expect(errorOf("steps:\n  - scael: {}\n")).toBe('s.yaml: steps[0].scael: unknown step "scael" (steps: apply, create, delete, scale, patch, label, set-image, settle, advance, sync, reconcile, restart, compact, connect, proxy, probe, action, expect, or a raw action with "type")');
    expect(errorOf("steps:\n  - scale: { kind: Deploymnt, name: web, replicas: 2 }\n")).toBe('s.yaml: steps[0].scale.kind: unknown kind "Deploymnt"');
    expect(errorOf("steps:\n  - scale: { kind: Deployment, name: web, replicas: -1 }\n")).toBe("s.yaml: steps[0].scale.replicas: expected a non-negative integer");
    expect(errorOf("steps:\n  - advance: soon\n")).toBe('s.yaml: steps[0].advance: invalid duration "soon" (use e.g. 30s, 5m, 1h)');
    expect(errorOf("nodes: [{ name: a }, { name: a }]\n")).toBe('s.yaml: nodes[1].name: duplicate node "a"');
    expect(errorOf("objects:\n  - kind: Pod\n    metadata: {name: x}\n")).toBe("s.yaml: objects[0]: apiVersion is required");
    expect(errorOf("objects:\n  - { apiVersion: v2, kind: Pod, metadata: {name: x} }\n")).toBe('s.yaml: objects[0].kind: kind "Pod" is not served at apiVersion "v2" (use "v1")');
    expect(errorOf("manifests: [missing.yaml]\n")).toBe('s.yaml: manifests[0]: cannot read manifest file "missing.yaml": no such file');
    expect(errorOf("steps:\n  - { type: reconcile }\n")).toBe("s.yaml: steps[0].component: is required");
    expect(errorOf("steps:\n  - { type: warp, component: x }\n")).toMatch(/^s\.yaml: steps\[0\]\.type: unknown action type "warp"/);
    expect(errorOf("settings: { nodeGrace: 5s }\n")).toMatch(/^s\.yaml: settings\.nodeGrace: unknown setting/);
    expect(errorOf("steps: [\n")).toMatch(/^s\.yaml: line \d+, column \d+: /);
    expect(errorOf("")).toBe("s.yaml: document: the file is empty");
  });

  it("reads multi-document manifest files and CRD kinds declared in the scenario", () => {
    const sc = parseScenario(
      "manifests: [m.yaml]\nsteps:\n  - apply: { apiVersion: example.com/v1, kind: Widget, metadata: { name: w } }\n",
      "s.yaml",
      () =>
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec: {group: example.com, scope: Namespaced, names: {plural: widgets, kind: Widget}, versions: [{name: v1, served: true, storage: true}]}\n",
    );
    expect(sc.objects.map((o) => o.kind)).toEqual(["Namespace", "CustomResourceDefinition"]);
    const r = runScenario(sc);
    expect(r.trace[0]!.effects[0]).toMatchObject({ verb: "apply", resource: "widgets.example.com", code: 201 });
  });

  it("serves the resources of CRDs created before the scenario's own objects (a project's) and no others", () => {
    const crd = { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "widgets.example.com" }, spec: { group: "example.com", scope: "Namespaced", names: { plural: "widgets", kind: "Widget" }, versions: [{ name: "v1", served: true, storage: true }] } };
    const text = "objects:\n  - { apiVersion: example.com/v1, kind: Widget, metadata: { name: w } }\nsteps:\n  - delete: { kind: Widget, name: w }\n";
    expect(errorOf(text)).toBe('s.yaml: objects[0].kind: unknown kind "Widget"');
    const sc = parseScenario(text, "s.yaml", undefined, { before: [crd] });
    expect(sc.objects.map((o) => o.kind)).toEqual(["Widget"]);
    expect(sc.steps[0]).toMatchObject({ kind: "action", action: { type: "api", request: { verb: "delete", resource: "widgets.example.com", name: "w" } } });
  });

  it("runs the foundation scenario with every expectation met", () => {
    const r = runScenario(parseScenario(FOUNDATION, "foundation.yaml"));
    expect(r.expectationFailures).toEqual([]);
    expect(r.unsettled).toEqual([]);
  });

  it("reports a failed expectation with its place", () => {
    const sc = parseScenario("steps:\n  - expect: { kind: ConfigMap, name: nope }\n", "s.yaml");
    expect(runScenario(sc).expectationFailures).toEqual(['steps[0].expect: expected configmaps default/nope to exist: configmaps "nope" not found']);
  });
});

describe("determinism", () => {
  it("the same scenario twice gives identical JSON", () => {
    const a = runScenario(parseScenario(FOUNDATION, "f.yaml"));
    const b = runScenario(parseScenario(FOUNDATION, "f.yaml"));
    expect(JSON.stringify(b.state)).toBe(JSON.stringify(a.state));
    expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
  });

  it("any sequence of enabled actions and faults replays to the same state (property)", () =>
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), fc.array(fc.nat(4), { maxLength: 40 }), (choices, faults) => {
        const run = () => {
          let s = bootstrap();
          choices.forEach((c, i) => {
            const f = faults[i] ?? 0;
            if (f === 1) s = step(s, { type: "api", client: "user", request: { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: `ns-${i}` } } } });
            if (f === 2) s = step(s, { type: "component.restart", component: "kube-controller-manager/serviceaccount" });
            if (f === 3) s = step(s, { type: "store.compact" });
            const acts = enabled(s);
            if (acts.length) s = step(s, acts[c % acts.length]!);
          });
          return JSON.stringify(s);
        };
        expect(run()).toBe(run());
      }),
      { numRuns: 30 },
    ));
});

describe("a scenario's cluster: section (model/config.ts)", () => {
  const head = "nodes: [{ name: n1 }]\n";
  const run = (text: string) => runScenario(parseScenario(text, "s.yaml"), { file: "s.yaml" });
  const runError = (text: string): string => {
    try {
      run(text);
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      return (e as Error).message;
    }
    throw new Error("expected a ScenarioError");
  };

  it("runs the control plane it lists, with the options it gives", () => {
    const r = run(`${head}cluster:\n  components:\n    - { id: kube-scheduler, kind: scheduler, options: { assume: false } }\nsteps:\n  - settle: {}\n`);
    expect(r.state.config.components).toEqual([{ id: "kube-scheduler", kind: "scheduler", options: { assume: false } }]);
    expect(btreeKeys(r.state.components)).toEqual(["kube-proxy/n1", "kube-scheduler", "kubelet/n1"]);
  });

  it("refuses a kind, an option or a plug-in the model does not have, naming the field", () => {
    expect(runError(`${head}cluster:\n  components:\n    - { id: c, kind: schedulr }\n`)).toMatch(/^s\.yaml: cluster\.components\[0\]\.kind: unknown component kind "schedulr" \(kinds: .*scheduler/);
    expect(runError(`${head}cluster:\n  components:\n    - { id: c, kind: scheduler, options: { asume: false } }\n`)).toMatch(/^s\.yaml: cluster\.components\[0\]\.options\.asume: unknown option of component kind "scheduler" \(options: assume, /);
    expect(runError(`${head}cluster:\n  components:\n    - { id: c, kind: scheduler, options: { assume: "no" } }\n`)).toBe('s.yaml: cluster.components[0].options.assume: expected a boolean, got "no"');
    expect(runError(`${head}cluster:\n  admission:\n    - { name: AlwaysPullImages }\n`)).toBe("s.yaml: cluster.admission[0].name: unknown admission plug-in \"AlwaysPullImages\" (plug-ins: NamespaceLifecycle, ServiceAccount, TaintNodesByCondition, Priority, DefaultTolerationSeconds, StorageObjectInUseProtection, PersistentVolumeClaimResize, ResourceQuota)");
  });

  it("refuses a malformed section when it is parsed", () => {
    expect(errorOf("cluster: { components: { id: c } }\n")).toBe("s.yaml: cluster.components: expected a list");
    expect(errorOf("cluster:\n  components:\n    - { id: c, kind: scheduler }\n    - { id: c, kind: scheduler }\n")).toBe('s.yaml: cluster.components[1]: duplicate "c"');
    expect(errorOf("cluster: { controllers: [] }\n")).toBe("s.yaml: cluster.controllers: unknown field (allowed: components, nodeComponents, admission)");
  });
});

