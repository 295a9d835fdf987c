/** The commands that reproduce a check session's counterexample. */
import { shellWord } from "./shell-word.ts";

/** The plugin files a run loaded (origin.plugins, as given on the command line). */
const pluginsOf = (origin: { readonly plugins?: unknown }): string[] => (Array.isArray(origin.plugins) ? (origin.plugins as unknown[]).map(String) : []);

/** `--plugin f1 f2` for the plugins a run loaded (empty without): they define invariants and bugs a replay needs. */
export function pluginFlags(origin: { readonly plugins?: unknown }): string {
  const plugins = pluginsOf(origin);
  return plugins.length ? ` --plugin ${plugins.map(shellWord).join(" ")}` : "";
}

/**
 * The check command that reproduces the counterexample: seed, fast-check path, scope, the --max-steps the run
 * was given (the path is replayed with the same array bounds), bug, invariants, and the plugins the run loaded
 * (last, as given: they define invariants and bugs the replay needs).
 */
export function reproduceCommand(o: object): string {
  const origin = o as Readonly<Record<string, unknown>>;
  const parts = ["npx kubeprop check", `--seed ${origin.seed}`];
  if (origin.path) parts.push(`--path ${origin.path}`);
  if (origin.scope && origin.config === undefined && origin.controller === undefined) parts.push(`--scope ${origin.scope}`);
  if (origin.maxSteps !== undefined) parts.push(`--max-steps ${origin.maxSteps}`);
  if (origin.bug) parts.push(`--bug ${origin.bug}`);
  for (const i of (origin.invariants as string[] | undefined) ?? []) parts.push(`--invariant ${i}`);
  if (typeof origin.config === "string") parts.push(`--config ${shellWord(origin.config)}`);
  if (typeof origin.controller === "string") parts.push(`--controller ${shellWord(origin.controller)}`);
  return parts.join(" ") + pluginFlags(origin);
}
