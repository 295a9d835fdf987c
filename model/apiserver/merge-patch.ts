import { jsonEqual } from "./common.ts";

/** JSON merge patch (RFC 7386), the `application/merge-patch+json` patch type. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch;
  const base: Record<string, unknown> =
    typeof target === "object" && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k], v);
  }
  return base;
}

/**
 * The JSON merge patch that turns `from` into `to` (mergePatch(from, createMergePatch(from, to)) equals `to`,
 * for JSON values without nulls in `to`'s objects, which a merge patch cannot set): a key `to` lacks is null,
 * an object is patched key by key, anything else is replaced whole. As jsonpatch.CreateMergePatch in
 * github.com/evanphx/json-patch (what kubectl's client-side patches are made with) computes it.
 */
export function createMergePatch(from: unknown, to: unknown): unknown {
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
  if (!isObject(from) || !isObject(to)) return to;
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(from)) if (!(k in to)) patch[k] = null;
  for (const [k, v] of Object.entries(to)) {
    if (!(k in from)) patch[k] = v;
    else if (!jsonEqual(from[k], v)) patch[k] = isObject(from[k]) && isObject(v) ? createMergePatch(from[k], v) : v;
  }
  return patch;
}
