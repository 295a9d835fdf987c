/**
 * A user's project in `kubeprop simulate` (--config, --controller), and found in the current folder by `check`,
 * `explore` and `simulate`: the scenario runs beside the project's controllers after its objects, a trace it writes
 * names the project and runs again with no flags, and the mistakes of combining them are one line, exit 2.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubeprop, ROOT } from "../test/cli-run.ts";
import { findProjectFile } from "./find-project.ts";
import { loadSimulation } from "./simulate.ts";
import { UsageError } from "./errors.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "kubeprop-project-"));
const EXAMPLE = join(ROOT, "examples/webapp-operator");

/** A scenario that creates a WebApp (served by the project's CRD) and lets the cluster settle. */
const scenario = (message: string) =>
  [
    "name: one-webapp",
    "objects:",
    `  - { apiVersion: example.com/v1, kind: WebApp, metadata: { name: shop, namespace: default }, spec: { message: ${message}, replicas: 2, image: "nginx:1.25" } }`,
    "steps:",
    "  - settle: {}",
    "  - expect: { kind: ConfigMap, name: shop-config }",
    "",
  ].join("\n");

type Obj = { kind: string; metadata: { name: string; namespace?: string; ownerReferences?: { kind: string; name: string }[] }; data?: Record<string, string> };

/** The kinds of the objects the operator made for WebApp shop (owned by it). */
const ownedByShop = (objects: Obj[]) =>
  objects
    .filter((o) => o.metadata.ownerReferences?.some((r) => r.kind === "WebApp" && r.name === "shop"))
    .map((o) => `${o.kind} ${o.metadata.name}`)
    .sort();

describe("kubeprop simulate with a project", () => {
  it("--config: the operator runs beside the control plane and makes the WebApp's children; the trace runs again with no flags", { timeout: 60_000 }, () => {
    const dir = tmp();
    writeFileSync(join(dir, "shop.yaml"), scenario("hello"));
    const out = join(dir, "out");
    const r = kubeprop(["simulate", join(dir, "shop.yaml"), "--config", "examples/webapp-operator/kubeprop.config.ts", "--json", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const objects = JSON.parse(r.stdout).objects as Obj[];
    expect(ownedByShop(objects)).toEqual(["ConfigMap shop-config", "Deployment shop", "Service shop"]);
    expect(objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "shop-config")?.data).toEqual({ message: "hello" });
    // The project's CRD was created before the scenario's WebApp.
    const trace = JSON.parse(readFileSync(join(out, "trace.json"), "utf8"));
    expect(trace.origin).toEqual({ config: "examples/webapp-operator/kubeprop.config.ts" });
    expect(trace.objects.map((o: Obj) => o.kind)).toEqual(["CustomResourceDefinition", "WebApp"]);
    expect(trace.cluster.components.at(-1)).toEqual({ id: "controller/webapp-operator", kind: "user-controller", options: { module: "examples/webapp-operator/controller.ts" } });
    const again = kubeprop(["simulate", join(out, "trace.json"), "--json"]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).objects).toEqual(objects);
  });

  it("--controller: the quick case runs the module with its manifests", { timeout: 60_000 }, () => {
    const dir = tmp();
    writeFileSync(join(dir, "shop.yaml"), scenario("hi"));
    const r = kubeprop(["simulate", join(dir, "shop.yaml"), "--controller", "examples/webapp-operator/controller.ts", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(ownedByShop(JSON.parse(r.stdout).objects)).toEqual(["ConfigMap shop-config", "Deployment shop", "Service shop"]);
  });
});

/**
 * A project folder: a kubeprop.config.ts (the example's project under its own name, with the example's files by
 * absolute path) with a safety invariant of its own that a WebApp saying "forbidden" breaks.
 */
function projectFolder(): string {
  const dir = tmp();
  writeFileSync(
    join(dir, "kubeprop.config.ts"),
    `import { webappProject } from ${JSON.stringify(join(EXAMPLE, "project.ts"))};
import { objectsUnder } from ${JSON.stringify(join(ROOT, "invariants/objects.ts"))};
const noForbidden = {
  id: "no-forbidden-message",
  description: "no ConfigMap says forbidden",
  kind: "safety" as const,
  source: "a test's project",
  check: (state: Parameters<typeof objectsUnder>[0]) =>
    objectsUnder(state, "/registry/configmaps/")
      .filter((c) => (c as { data?: Record<string, string> }).data?.message === "forbidden")
      .map((c) => ({ invariant: "no-forbidden-message", objects: [], message: \`ConfigMap \${c.metadata.name} says forbidden\` })),
};
const base = webappProject(${JSON.stringify(join(EXAMPLE, "controller.ts"))});
export default { ...base, name: "found-here", manifests: [${JSON.stringify(join(EXAMPLE, "crd.yaml"))}], invariants: [...(base.invariants ?? []), noForbidden] };
`,
  );
  return dir;
}

const FOUND = "using project kubeprop.config.ts (found in the current folder)";

describe("a project found in the current folder", () => {
  it("check and explore use it, saying so on stderr only", { timeout: 60_000 }, () => {
    const dir = projectFolder();
    const c = kubeprop(["check", "--runs", "2", "--json", "--out", join(dir, "out")], dir);
    expect(c.stderr.trim()).toBe(FOUND);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ ok: true, scopes: ["found-here"], runs: 2 });
    const e = kubeprop(["explore", "--depth", "2", "--json"], dir);
    expect(e.stderr.trim()).toBe(FOUND);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout)).toMatchObject({ model: "scope found-here", violation: null });
  });

  it("simulate uses it with its invariants; the trace it writes replays with no flags", { timeout: 60_000 }, () => {
    const dir = projectFolder();
    writeFileSync(join(dir, "forbidden.yaml"), scenario("forbidden"));
    const r = kubeprop(["simulate", "forbidden.yaml", "--out", "out"], dir);
    expect(r.stderr.trim()).toBe(FOUND);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("project: found-here (kubeprop.config.ts)");
    expect(r.stdout).toMatch(/VIOLATION no-forbidden-message at action \d+: ConfigMap shop-config says forbidden/);
    // The invariant exists only in the project: replay finds it because the trace names the project.
    expect(JSON.parse(readFileSync(join(dir, "out/trace.json"), "utf8")).origin).toEqual({ config: "kubeprop.config.ts" });
    const replay = kubeprop(["replay", "out/trace.json"], dir);
    expect(replay.stderr).toBe("");
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/^violation: no-forbidden-message after action \d+: ConfigMap shop-config says forbidden/);
  });
});

describe("projects: bad input", () => {
  it("several project files in the current folder are named in one line, exit 2", () => {
    const dir = tmp();
    writeFileSync(join(dir, "kubeprop.config.ts"), "export default {};\n");
    writeFileSync(join(dir, "kubeprop.config.mjs"), "export default {};\n");
    const r = kubeprop(["check", "--runs", "1"], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("kubeprop: kubeprop.config.ts, kubeprop.config.mjs: several project files in the current folder; name one with --config FILE\n");
  });

  it("findProjectFile: none, one of any extension, a folder of that name ignored, several named", () => {
    const dir = tmp();
    expect(findProjectFile(dir)).toBeUndefined();
    mkdirSync(join(dir, "kubeprop.config.ts"));
    writeFileSync(join(dir, "kubeprop.config.mts"), "export default {};\n");
    expect(findProjectFile(dir)).toBe(join(dir, "kubeprop.config.mts"));
    writeFileSync(join(dir, "kubeprop.config.js"), "export default {};\n");
    expect(() => findProjectFile(dir)).toThrow(new UsageError(`${join(dir, "kubeprop.config.mts")}, ${join(dir, "kubeprop.config.js")}: several project files in ${dir}; name one with --config FILE`));
    expect(findProjectFile(join(dir, "missing"))).toBeUndefined();
  });

  it("a scenario with its own cluster: section and --config is one line, exit 2", () => {
    const dir = tmp();
    const f = join(dir, "own-cluster.yaml");
    writeFileSync(f, "cluster:\n  admission: [{ name: NamespaceLifecycle }]\nsteps: []\n");
    const r = kubeprop(["simulate", f, "--config", "examples/webapp-operator/kubeprop.config.ts"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `kubeprop: ${f}: cluster: the scenario has its own cluster: section, and --config examples/webapp-operator/kubeprop.config.ts gives the project's; give one (without its cluster: section the scenario runs against the project)\n`,
    );
  });

  it("a trace naming its project, given a project too, is bad input", async () => {
    const t = join(tmp(), "trace.json");
    writeFileSync(t, JSON.stringify({ name: "t", origin: { controller: "examples/webapp-operator/controller.ts" }, steps: [] }));
    await expect(loadSimulation(t, { controller: "examples/webapp-operator/controller.ts" })).rejects.toThrow(
      new UsageError(`${t}: origin: the trace names its project examples/webapp-operator/controller.ts and loads it itself; simulate it without --controller examples/webapp-operator/controller.ts`),
    );
  });

  it("the repository root holds no project file: the CLI tests that run there get the built-in suite", () => {
    for (const ext of ["ts", "mts", "js", "mjs"]) expect(existsSync(join(ROOT, `kubeprop.config.${ext}`))).toBe(false);
  });
});
