/** The kubeprop package's own directory (where scenarios/ and the sources live), wherever the CLI runs from. */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The library's entry module (what `import … from "kubeprop"` loads), as a file: index.ts beside the sources, or
 * index.js in a build. Files kubeprop writes for the user to run (an emitted vitest file) import this.
 */
export const LIBRARY_ENTRY = resolve(PROJECT_ROOT, import.meta.url.endsWith(".ts") ? "index.ts" : "index.js");
