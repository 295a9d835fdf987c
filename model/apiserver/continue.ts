/**
 * The continue token of a paginated list. Follows k8s.io/apiserver/pkg/storage/continue.go (EncodeContinue,
 * DecodeContinue): the token is base64.RawURLEncoding of the JSON {"v":"meta.k8s.io/v1","rv":N,"start":"<key>"},
 * where start is the key to resume from (the last returned key plus "\u0000") relative to the list's key prefix
 * and rv the revision the first page was read at (-1: "continue at the latest revision", what a 410 hands back).
 * Decoding errors carry the Go error text, which the list answers as 400 "invalid continue token: <error>".
 */

const API_VERSION = "meta.k8s.io/v1";

const ErrGenericInvalidKey = "continue key is not valid";
const ErrInvalidStartRV = "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)";
const ErrEmptyStartKey = "continue key is not valid: encoded start key empty (version meta.k8s.io/v1)";
const ErrUnrecognizedEncodedVersion = "continue key is not valid: server does not recognize this encoded version";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** base64.RawURLEncoding.EncodeToString: the URL alphabet, no padding. */
export function base64RawUrlEncode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

/**
 * base64.RawURLEncoding.DecodeString, with Go's error text: "illegal base64 data at input byte N" at the first
 * character outside the URL alphabet (padding '=' included, the encoding has none), or at a lone last character.
 * Go skips '\r' and '\n'.
 */
export function base64RawUrlDecode(s: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  const sextets: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === "\r" || ch === "\n") continue;
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return { ok: false, error: `illegal base64 data at input byte ${i}` };
    sextets.push(v);
  }
  if (sextets.length % 4 === 1) return { ok: false, error: `illegal base64 data at input byte ${s.length - 1}` };
  const out: number[] = [];
  for (let i = 0; i < sextets.length; i += 4) {
    const group = sextets.slice(i, i + 4);
    const n = group.reduce((acc, v, j) => acc | (v << (18 - 6 * j)), 0);
    const bytes = Math.floor((group.length * 6) / 8);
    for (let b = 0; b < bytes; b++) out.push((n >> (16 - 8 * b)) & 255);
  }
  return { ok: true, bytes: Uint8Array.from(out) };
}

/** A string as Go's encoding/json writes it: JSON.stringify, plus Go's HTML-safe escapes of <, >, & and U+2028/9. */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * EncodeContinue: the token resuming a list at `key` (the last returned key + "\u0000") under `keyPrefix`, at
 * revision `rv`; undefined when the key is not under the prefix (Go returns an error, "unable to encode next
 * field").
 */
export function encodeContinue(key: string, keyPrefix: string, rv: number): string | undefined {
  if (!key.startsWith(keyPrefix) || keyPrefix === "") return undefined;
  const json = `{"v":${goJsonString(API_VERSION)},"rv":${rv},"start":${goJsonString(key.slice(keyPrefix.length))}}`;
  return base64RawUrlEncode(new TextEncoder().encode(json));
}

/** Go's path.Clean of an absolute path: drops empty and "." segments, resolves "..", no trailing slash. */
export function goPathClean(p: string): string {
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return "/" + out.join("/");
}

export type DecodedContinue = { ok: true; fromKey: string; rv: number } | { ok: false; error: string };

/**
 * DecodeContinue: the key a continued list starts from (keyPrefix + the token's start) and the token's revision.
 * The start key must already be clean (no "..", "." or doubled slashes), so that it cannot reach above keyPrefix.
 */
export function decodeContinue(token: string, keyPrefix: string): DecodedContinue {
  const b = base64RawUrlDecode(token);
  if (!b.ok) return { ok: false, error: `${ErrGenericInvalidKey}: ${b.error}` };
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder("utf-8", { fatal: false }).decode(b.bytes));
  } catch (e) {
    return { ok: false, error: `${ErrGenericInvalidKey}: ${(e as Error).message}` };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { ok: false, error: `${ErrGenericInvalidKey}: json: cannot unmarshal ${Array.isArray(data) ? "array" : goJsonType(data)} into Go value of type storage.continueToken` };
  }
  const c = data as Record<string, unknown>;
  for (const [field, want] of [["v", "string"], ["rv", "int64"], ["start", "string"]] as const) {
    const v = c[field];
    if (v === undefined || v === null) continue;
    const fits = want === "string" ? typeof v === "string" : typeof v === "number" && Number.isInteger(v);
    if (!fits) {
      return { ok: false, error: `${ErrGenericInvalidKey}: json: cannot unmarshal ${goJsonType(v)} into Go struct field continueToken.${field} of type ${want}` };
    }
  }
  const version = typeof c.v === "string" ? c.v : "";
  const rv = typeof c.rv === "number" ? c.rv : 0;
  const start = typeof c.start === "string" ? c.start : "";
  if (version !== API_VERSION) return { ok: false, error: `${ErrUnrecognizedEncodedVersion} ${version}` };
  if (rv === 0) return { ok: false, error: ErrInvalidStartRV };
  if (start.length === 0) return { ok: false, error: ErrEmptyStartKey };
  const key = start.startsWith("/") ? start : "/" + start;
  if (goPathClean(key) !== key) return { ok: false, error: `${ErrGenericInvalidKey}: ${start}` };
  return { ok: true, fromKey: keyPrefix + key.slice(1), rv };
}

/** The JSON type name Go's decoder reports in an UnmarshalTypeError. */
function goJsonType(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? "number" : `number ${v}`;
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  return typeof v === "string" ? "string" : "value";
}
