/**
 * Strategic merge patch (application/strategic-merge-patch+json), the server side: StrategicMergeMapPatch of
 * k8s.io/apimachinery/pkg/util/strategicpatch/patch.go with MergeOptions{MergeParallelList: true,
 * IgnoreUnmatchedNulls: true}. Follows mergeMap, mergeSlice, mergeSliceWithSpecialElements,
 * mergeSliceWithoutSpecialElements, applyRetainKeysDirective, mergePatchIntoOriginal ($setElementOrder),
 * normalizeElementOrder / mergeSortedSlice (the order of a merged list) and the $deleteFromPrimitiveList handling of
 * the current upstream (a deletion list never adds a list, and deletes from a list of any strategy).
 *
 * Where upstream decodes the patched map into the Go struct (which drops unknown keys such as a directive copied
 * along with a new value, and nulls), `withoutDirectives` drops directive keys and null members of a value taken
 * whole from the patch. A field the metadata table does not name patches by the default rules (maps merged, lists
 * replaced) where upstream would fail its reflection lookup for a field the struct lacks.
 */
import { lookupPatchMeta, type StructMeta } from "./patch-meta.ts";

type Json = null | boolean | number | string | Json[] | JsonMap;
type JsonMap = { [k: string]: Json };

const DIRECTIVE = "$patch";
const RETAIN_KEYS = "$retainKeys";
const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
const SET_ELEMENT_ORDER = "$setElementOrder";

/** How upstream's handler answers each failure (interpretStrategicMergePatchError in handlers/patch.go). */
export type SmpErrorClass = "BadRequest" | "Unprocessable" | "Internal";

/** An error of the patch algorithm, with the text of the Go error it stands for (k8s.io/apimachinery/pkg/util/mergepatch/errors.go). */
export class StrategicMergePatchError extends Error {
  constructor(
    message: string,
    readonly errorClass: SmpErrorClass,
  ) {
    super(message);
  }
}

const badRequest = (m: string) => new StrategicMergePatchError(m, "BadRequest");
const internal = (m: string) => new StrategicMergePatchError(m, "Internal");
const ErrBadPatchFormatForPrimitiveList = () => badRequest("invalid patch format of primitive list");
const ErrBadPatchFormatForRetainKeys = () => badRequest("invalid patch format of retainKeys");
const ErrBadPatchFormatForSetElementOrderList = () => badRequest("invalid patch format of setElementOrder list");
const ErrNoListOfLists = () => new StrategicMergePatchError("lists of lists are not supported", "Unprocessable");
const ErrNoMergeKey = (m: JsonMap, k: string) => internal(`map: ${goFormat(m)} does not contain declared merge key: ${k}`);
const ErrBadPatchType = (t: Json, m: JsonMap) => internal(`unknown patch type: ${goFormat(t)} in map: ${goFormat(m)}`);
const ErrBadArgType = (expected: string, actual: Json) => internal(`expected a ${expected}, but received a ${goTypeName(actual)}`);

/**
 * Applies a strategic merge patch to an object. `meta` is the kind's struct metadata (patch-meta.ts). Throws a
 * StrategicMergePatchError for a patch upstream rejects; neither input is changed.
 */
export function strategicMergePatch(original: Record<string, unknown>, patch: Record<string, unknown>, meta: StructMeta): Record<string, unknown> {
  return mergeMap(structuredClone(original) as JsonMap, structuredClone(patch) as JsonMap, meta);
}

const isMap = (v: unknown): v is JsonMap => typeof v === "object" && v !== null && !Array.isArray(v);
type Kind = "map" | "slice" | "string" | "number" | "bool" | "null";
const kindOf = (v: Json | undefined): Kind =>
  v === null || v === undefined ? "null" : Array.isArray(v) ? "slice" : typeof v === "object" ? "map" : typeof v === "boolean" ? "bool" : (typeof v as "string" | "number");

function mergeMap(original: JsonMap | null, patch: JsonMap, t: StructMeta | undefined): JsonMap {
  if (Object.hasOwn(patch, DIRECTIVE)) return handleDirectiveInMergeMap(patch[DIRECTIVE]!, patch);
  const out: JsonMap = original ?? {};
  applyRetainKeysDirective(out, patch);
  mergePatchIntoOriginal(out, patch, t);

  for (const [key, patchV] of Object.entries(patch)) {
    let k = key;
    let isDeleteList = false;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      k = extractKey(key, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
    }
    if (isDeleteList) {
      // A deletion list removes from a list that exists; it never creates one, whatever the field's strategy.
      const cur = out[k];
      if (Array.isArray(cur)) {
        if (!Array.isArray(patchV)) throw ErrBadArgType("[]interface {}", patchV);
        out[k] = deleteFromSlice(cur, patchV);
      }
      continue;
    }
    if (patchV === null) {
      delete out[k]; // IgnoreUnmatchedNulls: a null for an absent key is dropped
      continue;
    }
    const m = lookupPatchMeta(t, k);
    if (!Object.hasOwn(out, k) || kindOf(out[k]) !== kindOf(patchV)) {
      // A value new to the object: its own directives still apply (a `$patch: delete` element of a new merging
      // list adds nothing), as the patch of an empty value.
      if (isMap(patchV) && m.strategy !== "replace") out[k] = mergeMap({}, patchV, m.type);
      else if (Array.isArray(patchV) && patchV.length > 0 && m.strategy === "merge") out[k] = mergeSlice([], patchV, m.type, m.mergeKey);
      else out[k] = withoutDirectives(patchV);
      continue;
    }
    const cur = out[k]!;
    if (isMap(cur)) out[k] = m.strategy === "replace" ? withoutDirectives(patchV) : mergeMap(cur, patchV as JsonMap, m.type);
    else if (Array.isArray(cur)) out[k] = mergeSliceHandler(cur, patchV as Json[], m.type, m.strategy, m.mergeKey);
    else out[k] = patchV;
  }
  return out;
}

/** handleDirectiveInMergeMap: `$patch: replace` takes the map as the patch gives it, `$patch: delete` empties it. */
function handleDirectiveInMergeMap(directive: Json, patch: JsonMap): JsonMap {
  if (directive === "replace") {
    const { [DIRECTIVE]: _d, ...rest } = patch;
    return withoutDirectives(rest) as JsonMap;
  }
  if (directive === "delete") return {};
  throw ErrBadPatchType(directive, patch);
}

function mergeSliceHandler(original: Json[], patch: Json[], t: StructMeta | undefined, strategy: string, mergeKey: string): Json[] {
  if (strategy === "merge") return mergeSlice(original, patch, t, mergeKey);
  return withoutDirectives(patch) as Json[];
}

function mergeSlice(original: Json[], patch: Json[], t: StructMeta | undefined, mergeKey: string): Json[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: Json[];
  let orig = original;
  let pat = patch;
  if (kind !== "map") {
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === "") throw internal("cannot merge lists without merge key for type map");
    [orig, pat] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = mergeSliceWithoutSpecialElements(orig, pat, mergeKey, t);
  }
  const [patchItems, serverOnly] = kind !== "map" ? partitionPrimitives(merged, pat) : partitionMaps(merged, pat, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, pat, orig, mergeKey, kind);
}

/** `$patch: delete` elements remove their match; `$patch: replace` makes the patch's other elements the list. */
function mergeSliceWithSpecialElements(original: Json[], patch: Json[], mergeKey: string): [Json[], Json[]] {
  const plain: Json[] = [];
  let replace = false;
  let orig = original;
  for (const v of patch) {
    const m = v as JsonMap;
    if (!Object.hasOwn(m, DIRECTIVE)) {
      plain.push(v);
      continue;
    }
    const d = m[DIRECTIVE]!;
    if (d === "delete") {
      if (!Object.hasOwn(m, mergeKey)) throw ErrNoMergeKey(m, mergeKey);
      orig = orig.filter((e) => !(isMap(e) && Object.hasOwn(e, mergeKey) && e[mergeKey] === m[mergeKey]));
    } else if (d === "replace") replace = true;
    else if (d === "merge") throw internal("merging lists cannot yet be specified in the patch");
    else throw ErrBadPatchType(d, m);
  }
  return replace ? [withoutDirectives(plain) as Json[], []] : [orig, plain];
}

function mergeSliceWithoutSpecialElements(original: Json[], patch: Json[], mergeKey: string, t: StructMeta | undefined): Json[] {
  const out = [...original];
  for (const v of patch) {
    const m = v as JsonMap;
    if (!Object.hasOwn(m, mergeKey)) throw ErrNoMergeKey(m, mergeKey);
    const i = findByKey(out, mergeKey, m[mergeKey]!);
    if (i >= 0) out[i] = mergeMap(out[i] as JsonMap, m, t);
    else out.push(withoutDirectives(m));
  }
  return out;
}

function findByKey(list: Json[], mergeKey: string, value: Json): number {
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (!isMap(e)) throw internal(`value for key ${i} is not a map.`);
    if (Object.hasOwn(e, mergeKey) && e[mergeKey] === value) return i;
  }
  return -1;
}

function deleteFromSlice(current: Json[], toDelete: Json[]): Json[] {
  return current.filter((v) => !toDelete.some((d) => d === v));
}

/** Go's deduplicateScalars, which moves the last element into a duplicate's place (the order is fixed after). */
function deduplicateScalars(input: Json[]): Json[] {
  const s = [...input];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length]!;
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

/** The one element kind of the lists (sliceElementType): lists of lists and mixed lists are refused. */
function sliceElementKind(...lists: Json[][]): Kind {
  let prev: Kind | undefined;
  for (const l of lists)
    for (const v of l) {
      const k = kindOf(v);
      if (prev === undefined) {
        prev = k;
        if (k === "slice") throw ErrNoListOfLists();
      } else if (prev !== k) throw internal(`list element types are not identical: ${goFormat(lists as Json)}`);
    }
  if (prev === undefined) throw internal("no elements in any of the given slices");
  return prev;
}

function partitionPrimitives(list: Json[], by: Json[]): [Json[], Json[]] {
  return [list.filter((v) => by.includes(v)), list.filter((v) => !by.includes(v))];
}

function partitionMaps(list: Json[], by: Json[], mergeKey: string): [Json[], Json[]] {
  const inPatch: Json[] = [];
  const serverOnly: Json[] = [];
  for (const v of list) {
    if (!isMap(v)) throw ErrBadArgType("map[string]interface {}", v);
    if (!Object.hasOwn(v, mergeKey)) throw ErrNoMergeKey(v, mergeKey);
    (findByKey(by, mergeKey, v[mergeKey]!) >= 0 ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

/** index(): the position of an element (by merge key for maps) in a list, or -1. */
function indexIn(list: Json[], v: Json, mergeKey: string, kind: Kind): number {
  const val = (x: Json): Json | undefined => (kind === "map" ? (isMap(x) ? x[mergeKey] : undefined) : x);
  const want = val(v);
  return list.findIndex((x) => val(x) === want);
}

/** normalizeElementOrder: patch items in the patch's order, server-only items in the live order, interleaved. */
function normalizeElementOrder(patch: Json[], serverOnly: Json[], patchOrder: Json[], serverOrder: Json[], mergeKey: string, kind: Kind): Json[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

function normalizeSliceOrder(toSort: Json[], order: Json[], mergeKey: string, kind: Kind): Json[] {
  let items = toSort;
  let toDelete: Json[] = [];
  if (kind === "map") {
    for (const l of [toSort, order])
      for (const v of l) {
        if (!isMap(v)) throw ErrBadArgType("map[string]interface {}", v);
        if (!Object.hasOwn(v, mergeKey)) throw ErrNoMergeKey(v, mergeKey);
      }
    items = toSort.filter((v) => (v as JsonMap)[DIRECTIVE] !== "delete");
    toDelete = toSort.filter((v) => (v as JsonMap)[DIRECTIVE] === "delete");
  }
  // sort.SliceStable with Go's comparator: by position in `order` when both are found there.
  const sorted = [...items];
  for (let i = 1; i < sorted.length; i++) {
    for (let j = i; j > 0; j--) {
      const a = indexIn(order, sorted[j]!, mergeKey, kind);
      const b = indexIn(order, sorted[j - 1]!, mergeKey, kind);
      const less = a >= 0 && b >= 0 ? a < b : true;
      if (!less) break;
      [sorted[j - 1], sorted[j]] = [sorted[j]!, sorted[j - 1]!];
    }
  }
  return [...sorted, ...toDelete];
}

/** mergeSortedSlice: inserts each `left` (server-only) item before the first `right` (patch) item it precedes live. */
function mergeSortedSlice(left: Json[], right: Json[], serverOrder: Json[], mergeKey: string, kind: Kind): Json[] {
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]!);
    else if (j >= right.length) out.push(left[i++]!);
    else {
      const li = indexIn(serverOrder, left[i]!, mergeKey, kind);
      const ri = indexIn(serverOrder, right[j]!, mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]!);
      else out.push(right[j++]!);
    }
  }
  return out;
}

/** `$retainKeys`: keys of the original not in the list are cleared; a patch key outside the list is refused. */
function applyRetainKeysDirective(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw ErrBadPatchFormatForRetainKeys();
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!list.includes(k)) throw ErrBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!list.includes(k)) delete original[k];
}

/**
 * `$setElementOrder/<list>`: merges that list now and orders the result as the directive says (items it names in
 * its order, the others where they were live), then drops the list from the patch (mergePatchIntoOriginal).
 */
function mergePatchIntoOriginal(original: JsonMap, patch: JsonMap, t: StructMeta | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key]!;
    delete patch[key];
    if (!Array.isArray(order)) throw ErrBadArgType("[]interface {}", order);
    const field = extractKey(key, SET_ELEMENT_ORDER);
    const foundOriginal = Object.hasOwn(original, field);
    const foundPatch = Object.hasOwn(patch, field);
    const origList = original[field];
    const patchList = patch[field];
    if (foundOriginal && !Array.isArray(origList)) throw ErrBadArgType("[]interface {}", origList ?? null);
    if (foundPatch && !Array.isArray(patchList)) throw ErrBadArgType("[]interface {}", patchList ?? null);
    const m = lookupPatchMeta(t, field);
    validatePatchWithSetOrderList((patchList as Json[] | undefined) ?? [], order, m.mergeKey, key);
    let merged: Json[];
    if (foundOriginal && !foundPatch) merged = origList as Json[];
    else if (!foundOriginal && foundPatch) merged = withoutDirectives(patchList!) as Json[];
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(origList as Json[], patchList as Json[], m.type, m.strategy, m.mergeKey);
    else continue;
    const origArr = (origList as Json[] | undefined) ?? [];
    const patchArr = (patchList as Json[] | undefined) ?? [];
    const [inOrder, serverOnly] = m.mergeKey === "" ? partitionPrimitives(merged, order) : partitionMaps(merged, order, m.mergeKey);
    const kind = sliceElementKind(origArr, patchArr);
    const serverOrder = foundOriginal && foundPatch && m.strategy === "merge" && kind === "map" ? aliasedOriginal(origArr, patchArr, m.mergeKey) : origArr;
    original[field] = normalizeElementOrder(inOrder, serverOnly, order, serverOrder, m.mergeKey, kind);
    delete patch[field];
  }
}

/**
 * The live list as mergePatchIntoOriginal sees it after merging: upstream's mergeSlice deletes and appends in the
 * live list's own Go backing array (append(original[:i], original[i+1:]...), then append(original, v) while there
 * is room), so the `originalFieldValue` that orders the server-only items reads that array. Its length is the live
 * list's; the live map decoded by ToUnstructured has no spare capacity, so an append past it goes elsewhere.
 */
function aliasedOriginal(original: Json[], patch: Json[], mergeKey: string): Json[] {
  const backing = [...original];
  let len = backing.length;
  const key = (v: Json | undefined) => (isMap(v) ? v[mergeKey] : undefined);
  for (const v of patch) {
    if (!isMap(v) || v[DIRECTIVE] !== "delete") continue;
    for (let i = 0; i < len; ) {
      if (isMap(backing[i]) && Object.hasOwn(backing[i] as JsonMap, mergeKey) && key(backing[i]) === v[mergeKey]) {
        backing.copyWithin(i, i + 1, len);
        len--;
      } else i++;
    }
  }
  if (patch.some((v) => isMap(v) && v[DIRECTIVE] === "replace")) return backing;
  for (const v of patch) {
    if (!isMap(v) || Object.hasOwn(v, DIRECTIVE)) continue;
    if (backing.slice(0, len).some((e) => key(e) === v[mergeKey])) continue;
    if (len >= backing.length) break; // the append reallocates: the live array is no longer written
    backing[len++] = v;
  }
  return backing;
}

/** The patch list's items must appear in the `$setElementOrder` list, in its order (validatePatchWithSetOrderList). */
function validatePatchWithSetOrderList(patchList: Json[], order: Json[], mergeKey: string, directiveKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey === "" ? patchList : patchList.filter((v) => !(isMap(v) && v[DIRECTIVE] === "delete"));
  let p = 0;
  let o = 0;
  while (p < nonDelete.length && o < order.length) {
    const item = nonDelete[p]!;
    if (isMap(item) && Object.hasOwn(item, DIRECTIVE)) {
      p++;
      continue;
    }
    const equal = mergeKey === "" ? item === order[o] : isMap(item) && isMap(order[o]) && item[mergeKey] === (order[o] as JsonMap)[mergeKey];
    if (equal) p++;
    o++;
  }
  if (p < nonDelete.length && o >= order.length) {
    throw internal(`The order in patch list:\n${goFormat(patchList)}\n doesn't match ${directiveKey.split("/")[0]} list:\n${goFormat(order)}\n`);
  }
}

function extractKey(s: string, prefix: string): string {
  const i = s.indexOf("/");
  if (i < 0 || s.slice(0, i) !== prefix) {
    throw prefix === DELETE_FROM_PRIMITIVE_LIST ? ErrBadPatchFormatForPrimitiveList() : ErrBadPatchFormatForSetElementOrderList();
  }
  return s.slice(i + 1);
}

/**
 * A value taken whole from the patch, as the typed object would hold it: directive keys and null members dropped
 * (upstream's decode into the Go struct has no field for either).
 */
function withoutDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(withoutDirectives);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`) || k.startsWith(`${SET_ELEMENT_ORDER}/`)) continue;
    out[k] = withoutDirectives(x);
  }
  return out;
}

/** Go's %v of a decoded JSON value (map keys sorted, as fmt prints maps), for error texts. */
export function goFormat(v: Json | undefined): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goFormat).join(" ")}]`;
  if (isMap(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goFormat(v[k])}`).join(" ")}]`;
  return String(v);
}

function goTypeName(v: Json): string {
  switch (kindOf(v)) {
    case "map":
      return "map[string]interface {}";
    case "slice":
      return "[]interface {}";
    case "number":
      return Number.isInteger(v) ? "int64" : "float64";
    case "bool":
      return "bool";
    case "string":
      return "string";
    default:
      return "<nil>";
  }
}
