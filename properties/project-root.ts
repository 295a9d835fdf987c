/**
 * Where the kubeprop package is, wherever the CLI runs from: in a source checkout this module is
 * properties/project-root.ts, in an installed package dist/properties/project-root.js.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const FILE = fileURLToPath(import.meta.url);
const HERE = dirname(FILE);

/** The nearest folder at or above `dir` holding a package.json. */
function packageRootOf(dir: string): string {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, "package.json"))) return d;
    if (dirname(d) === d) throw new Error(`no package.json above ${dir}`);
  }
}

/** The package's own directory (package.json, scenarios/): the repository, or node_modules/kubeprop when installed. */
export const PROJECT_ROOT = packageRootOf(HERE);

/**
 * The library's entry module (what `import … from "kubeprop"` loads), as a file: index.ts beside the sources, or
 * dist/index.js in a build. Files kubeprop writes for the user to run (an emitted vitest file) import this.
 */
export const LIBRARY_ENTRY = resolve(HERE, "..", FILE.endsWith(".ts") ? "index.ts" : "index.js");
