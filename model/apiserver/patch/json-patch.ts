/**
 * JSON patch (RFC 6902, application/json-patch+json), as the API server applies it: jsonPatcher.applyJSPatch in
 * k8s.io/apiserver/pkg/endpoints/handlers/patch.go, which decodes the operations with gopkg.in/evanphx/json-patch.v4
 * (a body that is not a list of operation objects: 400 BadRequest) and applies them (any failing operation, a
 * failed `test` or a missing path included: 422 through errors.NewGenericServerResponse, whose message for 422 is
 * the fixed "the server rejected our request due to an error in our request").
 *
 * The operations are applied by fast-json-patch with validation on. Where its semantics differ from evanphx v4:
 * a `test` of a path that does not exist against the value null passes (evanphx compares a missing value to a
 * JSON null as equal), which is handled here; evanphx's negative array indices and its `add` without a `value`
 * (adding null) are refused by fast-json-patch, so both answer 422 here.
 */
// The default import: fast-json-patch's main entry is CommonJS, whose named exports plain Node's ESM loader cannot see.
import fastJsonPatch from "fast-json-patch";
import type { Operation } from "fast-json-patch";

const { applyPatch, getValueByPointer } = fastJsonPatch;

/** The result of applying a JSON patch: the patched document, or how upstream refuses it. */
export type JsonPatchResult = { ok: true; document: unknown } | { ok: false; code: 400 | 422; message: string };

/** The fixed text of errors.NewGenericServerResponse for 422 (k8s.io/apimachinery/pkg/api/errors/errors.go). */
export const JSON_PATCH_APPLY_FAILED = "the server rejected our request due to an error in our request";

const goTypeOf = (v: unknown): string => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v === "object" ? "object" : typeof v);

/** Applies an RFC 6902 patch to a document (which is not changed). */
export function jsonPatch(document: unknown, ops: unknown): JsonPatchResult {
  // jsonpatch.DecodePatch: json.Unmarshal into a Patch ([]Operation, each a map of raw messages).
  if (!Array.isArray(ops)) {
    return { ok: false, code: 400, message: `json: cannot unmarshal ${goTypeOf(ops)} into Go value of type jsonpatch.Patch` };
  }
  for (const op of ops) {
    if (typeof op !== "object" || op === null || Array.isArray(op)) {
      return { ok: false, code: 400, message: `json: cannot unmarshal ${goTypeOf(op)} into Go value of type jsonpatch.Operation` };
    }
  }
  let doc = document;
  for (const op of ops as Operation[]) {
    if (op.op === "test" && (op as { value?: unknown }).value === null && !resolves(doc, op.path)) continue;
    try {
      doc = applyPatch(doc, [op], true, false).newDocument;
    } catch {
      return { ok: false, code: 422, message: JSON_PATCH_APPLY_FAILED };
    }
  }
  return { ok: true, document: doc };
}

function resolves(doc: unknown, path: unknown): boolean {
  if (typeof path !== "string") return true;
  try {
    return getValueByPointer(doc, path) !== undefined;
  } catch {
    return false;
  }
}
