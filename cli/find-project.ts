/**
 * Finding a user's project when no flag names one: `kubeprop check`, `explore` and `simulate` given neither
 * `--config` nor `--controller` use the kubeprop.config.ts (or .mts, .js, .mjs) of the folder they run in.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "./errors.ts";

/** The names a project file has, in the order they are listed. */
const PROJECT_FILES = ["kubeprop.config.ts", "kubeprop.config.mts", "kubeprop.config.js", "kubeprop.config.mjs"];

/**
 * The project file in `dir` (default: the current folder) as a path relative to where kubeprop runs, or
 * undefined when there is none; several are bad input naming them (which one is meant is the user's to say).
 */
export function findProjectFile(dir = "."): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const found = PROJECT_FILES.filter((n) => names.includes(n) && statSync(join(dir, n)).isFile()).map((n) => join(dir, n));
  if (found.length > 1) throw new UsageError(`${found.join(", ")}: several project files in ${dir === "." ? "the current folder" : dir}; name one with --config FILE`);
  return found[0];
}
