/**
 * Plugins load from any folder: TypeScript (.ts, .mts) and JavaScript, in a user's project whose package.json
 * does not say "type": "module" (where a plain import of a .ts file fails with Node's "Cannot require() ES
 * Module … in a cycle"). In this process vitest's own loader runs the imports, so the CLI run (Node's loader, as
 * a user's) is the one that tells; test/package-build.install.ts loads them from the built package under plain Node.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { loadPlugins } from "./plugins.ts";
import { InputError } from "./input-error.ts";
import { bootstrap } from "../model/bootstrap.ts";
import { kubeprop, ROOT } from "../test/cli-run.ts";

/** A user's project: a package.json without "type", and one plugin in each form. */
function userProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "kubeprop-user-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "user-project", private: true }));
  const objects = pathToFileURL(join(ROOT, "invariants/objects.ts")).href;
  const types = pathToFileURL(join(ROOT, "invariants/types.ts")).href;
  // An ES module in a .ts file (a value import, type annotations, `satisfies`).
  writeFileSync(
    join(dir, "ts-plugin.ts"),
    `import type { Invariant } from ${JSON.stringify(types)};
import { objectsUnder } from ${JSON.stringify(objects)};
const limit: number = 1000;
export const invariants = [
  { id: "from-ts", description: "few ConfigMaps", kind: "safety", source: "test", check: (s) => (objectsUnder(s, "/registry/configmaps/").length > limit ? [{ invariant: "from-ts", objects: [], message: "too many" }] : []) },
] satisfies Invariant[];
`,
  );
  writeFileSync(
    join(dir, "mts-plugin.mts"),
    `import type { Invariant } from ${JSON.stringify(types)};
export const invariants: Invariant[] = [{ id: "from-mts", description: "holds", kind: "convergence", source: "test", check: () => [] }];
`,
  );
  // CommonJS, as a .js file in this folder is.
  writeFileSync(join(dir, "cjs-plugin.js"), `exports.invariants = [{ id: "from-js", description: "holds", kind: "safety", source: "test", check: () => [] }];\n`);
  writeFileSync(join(dir, "esm-plugin.mjs"), `export const invariants = [{ id: "from-mjs", description: "holds", kind: "safety", source: "test", check: () => [] }];\n`);
  writeFileSync(join(dir, "broken.ts"), `export const invariants = ;\n`);
  return dir;
}

describe("loadPlugins", () => {
  it("loads .ts, .mts, .js and .mjs plugins from a folder without \"type\": \"module\"", async () => {
    const dir = userProject();
    const files = ["ts-plugin.ts", "mts-plugin.mts", "cjs-plugin.js", "esm-plugin.mjs"].map((f) => join(dir, f));
    const plugins = await loadPlugins(files);
    expect(plugins.files).toEqual(files);
    expect(plugins.invariants.map((i) => i.id)).toEqual(["from-ts", "from-mts", "from-js", "from-mjs"]);
    // The .ts plugin's value import works: its check runs against a state.
    expect(plugins.invariants[0]!.check(bootstrap())).toEqual([]);
  });

  it("a plugin that does not compile is bad input, on one line", async () => {
    const dir = userProject();
    await expect(loadPlugins([join(dir, "broken.ts")])).rejects.toThrow(InputError);
    await expect(loadPlugins([join(dir, "broken.ts")])).rejects.toThrow(/^--plugin .*broken\.ts: cannot load \([^\n]*\)$/);
  });

  it("kubeprop check --plugin runs a .ts plugin from such a folder", () => {
    const dir = userProject();
    const r = kubeprop(["check", "--plugin", "ts-plugin.ts", "mts-plugin.mts", "--invariant", "from-ts", "from-mts", "--scope", "namespaces", "--runs", "2"], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("invariants checked: 2\nno violation");
    expect(r.code).toBe(0);
  });
});
