/** File access for the CLI (the model itself never does I/O). Output files go only under the --out directory. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { UsageError } from "./errors.ts";

export function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: cannot read file${code === "ENOENT" ? " (no such file)" : code ? ` (${code})` : ""}`);
  }
}

/** A reader for manifest paths named inside a scenario: relative to the scenario's folder. */
export function readerBeside(file: string): (p: string) => string {
  const base = dirname(file);
  return (p) => readFileSync(isAbsolute(p) ? p : join(base, p), "utf8");
}

/** Writes a file under outDir (creating it); refuses paths that would escape it. */
export function writeOut(outDir: string, name: string, content: string): string {
  const target = resolve(outDir, name);
  const rel = relative(resolve(outDir), target);
  if (rel.startsWith("..") || isAbsolute(rel)) throw new UsageError(`refusing to write ${name} outside ${outDir}`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  return target;
}

export const exists = existsSync;
