/**
 * Plugins: modules that add invariants and zoo bugs. Loading one gives a value (nothing global changes), which a
 * check or replay session takes with its request; a trace records the plugin files its run loaded.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Invariant } from "../invariants/types.ts";
import type { Bug } from "./bugs/types.ts";
import { InputError } from "./input-error.ts";

export interface Plugins {
  /** The files as given (relative to where the run was started), in order. */
  readonly files: readonly string[];
  readonly invariants: readonly Invariant[];
  readonly bugs: readonly Bug[];
}

export const NO_PLUGINS: Plugins = { files: [], invariants: [], bugs: [] };

/** Loads plugin modules: each may export `invariants` and `bugs` (arrays). */
export async function loadPlugins(files: readonly string[]): Promise<Plugins> {
  const invariants: Invariant[] = [];
  const bugs: Bug[] = [];
  for (const f of files) {
    let mod: { invariants?: unknown; bugs?: unknown };
    try {
      mod = await import(pathToFileURL(resolve(f)).href);
    } catch (e) {
      throw new InputError(`--plugin ${f}: cannot load (${(e as Error).message.split("\n")[0]})`);
    }
    if (mod.invariants !== undefined && !Array.isArray(mod.invariants)) throw new InputError(`--plugin ${f}: "invariants" must be an array`);
    if (mod.bugs !== undefined && !Array.isArray(mod.bugs)) throw new InputError(`--plugin ${f}: "bugs" must be an array`);
    for (const i of (mod.invariants ?? []) as Invariant[]) if (!invariants.some((x) => x.id === i.id)) invariants.push(i);
    for (const b of (mod.bugs ?? []) as Bug[]) if (!bugs.some((x) => x.id === b.id)) bugs.push(b);
  }
  return { files: [...files], invariants, bugs };
}
