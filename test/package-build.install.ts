/**
 * The package as a user gets it: `npm pack` (its prepack builds dist/) in a copy of this checkout, unpacked into
 * a user's project whose node_modules holds only kubeprop's dependencies, then imported by plain Node (no tsx, no
 * vitest loader), run as the `kubeprop` command, and type-checked by a strict tsconfig (strict,
 * exactOptionalPropertyTypes, noPropertyAccessFromIndexSignature, skipLibCheck false, no @types). The user's
 * project has no "type": "module", so its .ts plugin is the case Node's own loader refuses. README's pure reconciler
 * is explored with the command and type-checked there too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT } from "./cli-run.ts";

const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
/** Not copied: installs, the build, outputs, version control. */
const NOT_COPIED = new Set(["node_modules", "dist", ".git", "kubeprop-out", ".stryker-tmp", ".emit", "reports/mutation"]);
/** The broken invariant's counterexample (cli/check-plugin-reproduce.test.ts): three ConfigMaps in one namespace. */
const PATH = "14:3:3:4:10:9:12:14:13:13:7:7";

/** Runs a command; its output, or a thrown error with it. No loader options from the test's own process. */
function run(command: string, args: readonly string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: "false" };
  delete env["NODE_OPTIONS"];
  const r = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const USER_PLUGIN = `import { objectsUnder, type Invariant } from "kubeprop";

export const invariants = [
  {
    id: "at-most-two-configmaps",
    description: "no namespace holds more than two ConfigMaps (deliberately wrong)",
    kind: "safety",
    source: "a user's project",
    check(state) {
      const counts = new Map<string, number>();
      // The user's ConfigMaps: not the kube-root-ca.crt every namespace holds from the start.
      for (const cm of objectsUnder(state, "/registry/configmaps/")) if (cm.metadata.name !== "kube-root-ca.crt") counts.set(cm.metadata.namespace ?? "", (counts.get(cm.metadata.namespace ?? "") ?? 0) + 1);
      return [...counts].filter(([, n]) => n > 2).map(([ns, n]) => ({ invariant: "at-most-two-configmaps", objects: [\`Namespace \${ns}\`], message: \`namespace \${ns} holds \${n} ConfigMaps\` }));
    },
  },
] satisfies Invariant[];
`;

const MTS_PLUGIN = `import type { Invariant } from "kubeprop";
export const invariants: Invariant[] = [{ id: "from-mts", description: "holds", kind: "convergence", source: "a user's project", check: () => [] }];
`;

/** Plain Node: the library, both entries, plugins, a check and an explore session (a zoo scenario the package ships). */
const RUN = `import { checkSession, exploreSession, loadPlugins, ALL_INVARIANTS, BUILTIN_KINDS } from "kubeprop";
import { checkProperty, CounterexampleError } from "kubeprop/vitest";
const plugins = await loadPlugins(["user-plugin.ts", "mts-plugin.mts"]);
const ok = checkSession({ scopes: ["namespaces"], runs: 2 });
const found = checkSession({ scopes: ["namespaces"], seed: 5, maxSteps: 12, path: ${JSON.stringify(PATH)}, plugins });
const explored = exploreSession({ bug: "kubelet-orphan-pod", depth: 6 });
let thrown = "";
try { checkProperty({ scopes: ["namespaces"], seed: 5, maxSteps: 12, path: ${JSON.stringify(PATH)}, plugins }); } catch (e) { thrown = e instanceof CounterexampleError ? e.message.split("\\n")[0] : String(e); }
console.log(JSON.stringify({
  builtin: ALL_INVARIANTS.length, kinds: BUILTIN_KINDS.names().length > 0,
  plugins: plugins.invariants.map((i) => i.id),
  ok: ok.result.ok, runs: ok.result.runs,
  found: found.counterexample?.description,
  explored: explored.violation?.property ?? null,
  thrown,
}));
`;

/** A user's typed code against both entries' declarations. */
const CONSUMER = `import fc from "fast-check";
import {
  ALL_INVARIANTS, BUILTIN_KINDS, DEFAULT_CLUSTER_CONFIG, bootstrap, checkSession, clusterOf, exploreSession, loadPlugins, monitor, objectRef, objectsUnder,
  renderCounterexample, replayTrace, settle, step,
  type CheckRequest, type CheckSession, type ClusterConfig, type Invariant, type Plugins, type State, type Violation,
} from "kubeprop";
import { checkProperty, clusterArb, deploymentArb, CounterexampleError } from "kubeprop/vitest";

const noOrphans: Invariant = {
  id: "no-orphans",
  description: "every pod has a namespace",
  kind: "safety",
  source: "a user's project",
  check(state: State): readonly Violation[] {
    const namespaces = new Set(objectsUnder(state, "/registry/namespaces/").map((n) => n.metadata.name));
    return objectsUnder(state, "/registry/pods/")
      .filter((p) => !namespaces.has(p.metadata.namespace))
      .map((p) => ({ invariant: "no-orphans", objects: [objectRef(p)], message: \`\${objectRef(p)} has no namespace\` }));
  },
};

export async function userSuite(): Promise<number> {
  const plugins: Plugins = await loadPlugins(["./user-plugin.ts"]);
  const config: ClusterConfig = DEFAULT_CLUSTER_CONFIG;
  const request: CheckRequest = { scopes: ["namespaces"], runs: 2, config, plugins: { files: [], invariants: [noOrphans], bugs: [] } };
  const session: CheckSession = checkSession(request);
  const ce = session.counterexample;
  if (ce) {
    const replay = replayTrace(ce.scenario, session.invariants);
    const rendered = renderCounterexample(ce.trace, ce.scenario, session.invariants, { traceFile: "t.json", libraryImport: "kubeprop" });
    console.log(replay.violationAt, rendered.markdown.length, ce.origin.seed, ce.reproduce);
  }
  try {
    checkProperty({ ...request, seed: 2 });
  } catch (e) {
    if (e instanceof CounterexampleError) console.log(e.counterexample.description);
  }
  const explored = exploreSession({ scope: "namespaces", depth: 2 });
  let s = bootstrap();
  s = settle(s).state;
  const m = monitor(ALL_INVARIANTS).start(s);
  fc.assert(fc.property(clusterArb({ maxNodes: 2 }), deploymentArb("web"), (nodes, d) => nodes.length > 0 && d.kind === "Deployment"));
  console.log(clusterOf(BUILTIN_KINDS).kinds === BUILTIN_KINDS, step, explored.distinctStates, m.length, plugins.files);
  return session.result.runs;
}
`;

describe("the package (npm pack, installed, plain Node)", { timeout: 120_000 }, () => {
  let tmp = "";
  let files: string[] = [];
  let user = "";

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), "kubeprop-package-"));
    // A copy of the checkout without a build, which `npm pack` builds (prepack) and packs.
    const pkg = join(tmp, "pkg");
    cpSync(ROOT, pkg, { recursive: true, filter: (src) => !NOT_COPIED.has(relative(ROOT, src).split("\\").join("/")) });
    symlinkSync(join(ROOT, "node_modules"), join(pkg, "node_modules"));
    const packed = run("npm", ["pack", "--json", "--pack-destination", tmp], pkg);
    expect(packed.code, packed.stderr).toBe(0);
    // Lifecycle scripts (prepack's build) print before the JSON.
    const json = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("\n[") + 1)) as { filename: string; files: { path: string }[] }[];
    files = json[0]!.files.map((f) => f.path).sort();
    // A user's project (no "type": "module") with kubeprop installed beside its dependencies only.
    user = join(tmp, "user");
    const modules = join(user, "node_modules");
    mkdirSync(modules, { recursive: true });
    expect(run("tar", ["-xzf", join(tmp, json[0]!.filename), "-C", modules], tmp).code).toBe(0);
    renameSync(join(modules, "package"), join(modules, "kubeprop"));
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies)) {
      mkdirSync(dirname(join(modules, dep)), { recursive: true });
      symlinkSync(resolve(ROOT, "node_modules", dep), join(modules, dep));
    }
    writeFileSync(join(user, "package.json"), JSON.stringify({ name: "user-project", private: true }));
    writeFileSync(join(user, "user-plugin.ts"), USER_PLUGIN);
    writeFileSync(join(user, "mts-plugin.mts"), MTS_PLUGIN);
    // README's lighter form, as printed (it imports "kubeprop").
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    writeFileSync(join(user, "my-reconciler.ts"), /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf("### The lighter form")))![1]!);
    // README's quick-start controller, type-checked below (npm run test:install runs it from an installed tarball).
    writeFileSync(join(user, "my-controller.ts"), readFileSync(join(ROOT, "examples/quickstart/my-controller.ts"), "utf8"));
    // The WebApp operator example as a user has it: its imports of kubeprop's sources become imports of "kubeprop".
    const operator = join(user, "operator");
    mkdirSync(operator);
    for (const f of readdirSync(join(ROOT, "examples/webapp-operator"))) {
      if (f.endsWith(".test.ts")) continue;
      const text = readFileSync(join(ROOT, "examples/webapp-operator", f), "utf8");
      writeFileSync(join(operator, f), text.replace(/from "(\.\.\/)+(controller|invariants|model|properties)\/[\w/-]+\.ts"/g, 'from "kubeprop"'));
    }
  }, 180_000);

  // A copy of the checkout and an install (15 MB); the links into node_modules go, not what they point to.
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("the tarball holds the build, the command, the zoo's scenarios and the docs; no tests, benchmarks or sources", () => {
    const allowed = /^(package\.json|README\.md|ARCHITECTURE\.md|LICENSE|bin\/kubeprop\.js|dist\/controller\/worker\.mjs|dist\/server\/protobuf\/schema\/[\w-]+\.proto|scenarios\/zoo\/[\w-]+\.yaml|dist\/[\w/.-]+\.(js|d\.ts))$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files.filter((f) => /\.test|test-support|(^|\/)(test|bench|\.stryker-tmp|kubeprop-out)\//.test(f))).toEqual([]);
    for (const f of ["dist/index.js", "dist/index.d.ts", "dist/vitest.js", "dist/vitest.d.ts", "dist/cli/main.js", "bin/kubeprop.js", "scenarios/zoo/kubelet-orphan-pod.yaml", "dist/server/protobuf/schema/core-v1.proto"]) expect(files).toContain(f);
  });

  it("plain Node imports kubeprop and kubeprop/vitest, loads .ts and .mts plugins, checks and explores", () => {
    writeFileSync(join(user, "run.mjs"), RUN);
    const r = run(process.execPath, ["run.mjs"], user);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({
      builtin: expect.any(Number) as number,
      kinds: true,
      plugins: ["at-most-two-configmaps", "from-mts"],
      ok: true,
      runs: 2,
      found: expect.stringMatching(/^at-most-two-configmaps: namespace \S+ holds 3 ConfigMaps$/) as string,
      explored: expect.any(String) as string,
      thrown: expect.stringMatching(/^kubeprop found a counterexample in scope namespaces: at-most-two-configmaps: /) as string,
    });
  });

  it("the kubeprop command runs the build, with a .ts plugin, and its emitted vitest file imports the installed package", () => {
    const bin = join(user, "node_modules/kubeprop/bin/kubeprop.js");
    expect(existsSync(join(user, "node_modules/kubeprop/cli"))).toBe(false);
    const r = run(process.execPath, [bin, "check", "--plugin", "user-plugin.ts", "--scope", "namespaces", "--seed", "5", "--max-steps", "12", "--path", PATH, "--out", "out", "--emit-test", "--json"], user);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).counterexample).toMatchObject({ invariant: "at-most-two-configmaps" });
    expect(r.code).toBe(1);
    const dir = join(user, "out", readdirSync(join(user, "out"))[0]!);
    const emitted = readFileSync(join(dir, "counterexample.test.ts"), "utf8");
    const entry = /import \{ ALL_INVARIANTS, parseScenario, replayTrace \} from "([^"]+)";/.exec(emitted)?.[1];
    expect(entry && resolve(dir, entry)).toBe(join(user, "node_modules/kubeprop/dist/index.js"));
    const replay = run(process.execPath, [bin, "replay", join(dir, "counterexample.json"), "--plugin", "user-plugin.ts"], user);
    expect(replay.stdout).toMatch(/^reproduced: at-most-two-configmaps after action 3/);
  });

  it("the kubeprop command checks the WebApp operator's project (.ts files importing kubeprop, customResourceArb from that instance)", () => {
    const bin = join(user, "node_modules/kubeprop/bin/kubeprop.js");
    expect(readFileSync(join(user, "operator/project.ts"), "utf8")).toMatch(/import \{ customResourceArb \} from "kubeprop";/);
    const project = run(process.execPath, [bin, "check", "--config", "operator/kubeprop.config.ts", "--seed", "1", "--runs", "5", "--json"], user);
    expect(project.stderr).toBe("");
    expect(JSON.parse(project.stdout)).toMatchObject({ ok: true, runs: 5 });
    expect(project.code).toBe(0);
  });

  it("the kubeprop command explores README's pure reconciler (imported from kubeprop, marked by that instance) to the count README prints", () => {
    const bin = join(user, "node_modules/kubeprop/bin/kubeprop.js");
    expect(readFileSync(join(user, "my-reconciler.ts"), "utf8")).toMatch(/^import \{ defineReconciler \} from "kubeprop";/m);
    const r = run(process.execPath, [bin, "explore", "--controller", "my-reconciler.ts", "--components", "controller/*", "--depth", "6"], user);
    expect(r.stderr).toBe("");
    // The count README prints under its snippet (controller/reconciler-explore.test.ts pins it in the checkout).
    const printed = /distinct states: (\d+), transitions: (\d+), depth reached: 6/.exec(readFileSync(join(ROOT, "README.md"), "utf8").slice(readFileSync(join(ROOT, "README.md"), "utf8").indexOf("### The lighter form")))!;
    expect(r.stdout).toMatch(new RegExp(`^distinct states: ${printed[1]}, transitions: ${printed[2]}, depth reached: 6, `, "m"));
    expect(r.code).toBe(0);
  });

  it("the declarations type-check in a strict project (exactOptionalPropertyTypes, noPropertyAccessFromIndexSignature, skipLibCheck false)", () => {
    writeFileSync(join(user, "consumer.mts"), CONSUMER);
    const compilerOptions = {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      exactOptionalPropertyTypes: true,
      noPropertyAccessFromIndexSignature: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      noEmit: true,
      allowImportingTsExtensions: true,
      types: [],
    };
    writeFileSync(join(user, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["consumer.mts", "user-plugin.ts", "mts-plugin.mts", "my-reconciler.ts", "my-controller.ts"] }));
    const r = run(process.execPath, [TSC, "-p", "tsconfig.json"], user);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});
