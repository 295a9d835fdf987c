/**
 * Plugins: modules that add invariants and zoo bugs. Loading one gives a value, which a check or replay session
 * takes with its request; a trace records the plugin files its run loaded. A plugin is .js, .mjs, .cjs, .ts, .mts
 * or .cts, from any folder (importModule).
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
      mod = await importModule(f);
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

/**
 * A module of the user's (a plugin) from any folder. JavaScript through Node's own import. TypeScript through
 * tsx's scoped import (tsx/esm/api tsImport), which compiles a file whatever the nearest package.json says: a
 * .ts file in a folder without "type": "module" loads as the ES module it is written as, where a plain import
 * (even with tsx registered) fails with Node's "Cannot require() ES Module … in a cycle"; and it needs no
 * loader registered, so it works from the built package under plain Node. The price: a TypeScript module and
 * what it imports load in tsx's own namespace, so a module it shares with the running kubeprop (kubeprop itself
 * included) is a second instance there; plugins hand over data and functions, which do not mind.
 */
export async function importModule(file: string): Promise<{ readonly [name: string]: unknown }> {
  const url = pathToFileURL(resolve(file)).href;
  if (!/\.[cm]?tsx?$/.test(file)) return (await import(url)) as { readonly [name: string]: unknown };
  const { tsImport } = await import("tsx/esm/api");
  return esModuleExports((await tsImport(url, import.meta.url)) as { readonly [name: string]: unknown });
}

/**
 * A module's exports as its source wrote them. A .ts file in a CommonJS folder is compiled to CommonJS, and Node
 * hands its `module.exports` (marked `__esModule`, holding `default` and the named exports) back as the default
 * export: that object is the module's own namespace. (controller/worker.mjs does the same for a controller.)
 */
export function esModuleExports(mod: { readonly [name: string]: unknown }): { readonly [name: string]: unknown } {
  const inner = mod["default"] as { readonly [name: string]: unknown } | undefined;
  return inner !== null && typeof inner === "object" && inner["__esModule"] === true ? inner : mod;
}
