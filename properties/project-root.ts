/** The kubeprop package's own directory (where scenarios/ and the sources live), wherever the CLI runs from. */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
