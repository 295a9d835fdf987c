/**
 * Validation of ConfigMaps and Secrets: their keys, their total size, the rules of each Secret type, and the
 * `immutable` flag on update. Follows pkg/apis/core/validation/validation.go (ValidateConfigMap,
 * ValidateConfigMapUpdate, ValidateSecret, ValidateSecretUpdate).
 */
import type { KObject } from "../../objects/types.ts";
import { isConfigMapKey, utf8Length } from "../../validation/names.ts";
import { FIELD_IMMUTABLE_ERROR_MSG } from "../../validation/metadata.ts";
import { forbidden, invalid, required, tooLong, type FieldError } from "../../validation/field-error.ts";
import { jsonEqual } from "../common.ts";

/** core.MaxSecretSize: a ConfigMap's or a Secret's data may hold at most 1 MiB. */
export const MAX_SECRET_SIZE = 1024 * 1024;

const IMMUTABLE_WHEN_SET = "field is immutable when `immutable` is set";

/** Bytes a base64 text decodes to (Secret.data travels base64-encoded; Go's len() counts decoded bytes). */
function base64DecodedLength(text: unknown): number {
  if (typeof text !== "string") return 0;
  const s = text.replace(/\s/g, "");
  const padding = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((s.length * 3) / 4) - padding);
}

const entries = (m: unknown): [string, unknown][] => (m && typeof m === "object" ? Object.entries(m as Record<string, unknown>) : []);

/** follows validation.go (ValidateConfigMap), without ValidateObjectMeta, which the dispatcher runs. */
export function validateConfigMap(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const data = (o as any).data;
  const binaryData = (o as any).binaryData;
  let totalSize = 0;
  for (const [key, value] of entries(data)) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(`data[${key}]`, key, m));
    // a key may live in one of the two bags only
    if (binaryData && typeof binaryData === "object" && key in binaryData) {
      errs.push(invalid(`data[${key}]`, key, "duplicate of key present in binaryData"));
    }
    totalSize += typeof value === "string" ? utf8Length(value) : 0;
  }
  for (const [key, value] of entries(binaryData)) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(`binaryData[${key}]`, key, m));
    totalSize += base64DecodedLength(value);
  }
  // upstream passes field.NewPath(""), the whole object, which Path.String() prints as "[]"
  if (totalSize > MAX_SECRET_SIZE) errs.push(tooLong("[]", "", MAX_SECRET_SIZE));
  return errs;
}

/** follows validation.go (ValidateConfigMapUpdate): an immutable ConfigMap keeps its data and its flag. */
export function validateConfigMapUpdate(n: KObject, o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  if ((o as any).immutable === true) {
    if ((n as any).immutable !== true) errs.push(forbidden("immutable", IMMUTABLE_WHEN_SET));
    if (!jsonEqual((n as any).data ?? null, (o as any).data ?? null)) errs.push(forbidden("data", IMMUTABLE_WHEN_SET));
    if (!jsonEqual((n as any).binaryData ?? null, (o as any).binaryData ?? null)) errs.push(forbidden("binaryData", IMMUTABLE_WHEN_SET));
  }
  return [...errs, ...validateConfigMap(n)];
}

/**
 * The Secret's data as the API server validates it: stringData is merged into data by conversion
 * (pkg/apis/core/v1/conversion.go, Convert_v1_Secret_To_core_Secret), so its keys are checked as `data[key]`.
 * Values are byte counts.
 */
function secretData(o: KObject): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of entries((o as any).data)) out.set(k, base64DecodedLength(v));
  for (const [k, v] of entries((o as any).stringData)) out.set(k, typeof v === "string" ? utf8Length(v) : 0);
  return out;
}

/** The text of a Secret value (base64 in data, plain in stringData), for the JSON checks of docker configs. */
function secretText(o: KObject, key: string): string | undefined {
  const plain = (o as any).stringData?.[key];
  if (typeof plain === "string") return plain;
  const encoded = (o as any).data?.[key];
  if (typeof encoded !== "string") return undefined;
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(encoded.replace(/\s/g, "")), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/**
 * json.Unmarshal into map[string]interface{}: the text must be a JSON object (or null). The messages are Go's
 * encoding/json words for the common cases; other syntax errors carry the JavaScript parser's text.
 */
function jsonObjectError(text: string): string | undefined {
  const first = text.trimStart()[0];
  if (first === undefined) return "unexpected end of JSON input";
  if (!/[{["\-0-9tfn]/.test(first)) return `invalid character '${first}' looking for beginning of value`;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  if (v === null || (typeof v === "object" && !Array.isArray(v))) return undefined;
  const kind = Array.isArray(v) ? "array" : typeof v === "boolean" ? "bool" : typeof v;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

/** follows validation.go (ValidateSecret), without ValidateObjectMeta, which the dispatcher runs. */
export function validateSecret(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const data = secretData(o);
  let totalSize = 0;
  for (const [key, size] of data) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(`data[${key}]`, key, m));
    totalSize += size;
  }
  if (totalSize > MAX_SECRET_SIZE) errs.push(tooLong("data", "", MAX_SECRET_SIZE));

  const dockerConfig = (key: string) => {
    if (!data.has(key)) return void errs.push(required(`data[${key}]`));
    const problem = jsonObjectError(secretText(o, key) ?? "");
    if (problem !== undefined) errs.push(invalid(`data[${key}]`, "<secret contents redacted>", problem));
  };
  switch ((o as any).type) {
    case "kubernetes.io/service-account-token":
      // only the account's name is required; its uid and the token are added later by the token controller
      if (!o.metadata.annotations?.["kubernetes.io/service-account.name"]) {
        errs.push(required("metadata.annotations[kubernetes.io/service-account.name]"));
      }
      break;
    case "kubernetes.io/dockercfg":
      dockerConfig(".dockercfg");
      break;
    case "kubernetes.io/dockerconfigjson":
      dockerConfig(".dockerconfigjson");
      break;
    case "kubernetes.io/basic-auth":
      // username or password may be empty, but one of the two must be present
      if (!data.has("username") && !data.has("password")) errs.push(required("data[username]"), required("data[password]"));
      break;
    case "kubernetes.io/ssh-auth":
      if (!data.get("ssh-privatekey")) errs.push(required("data[ssh-privatekey]"));
      break;
    case "kubernetes.io/tls":
      if (!data.has("tls.crt")) errs.push(required("data[tls.crt]"));
      if (!data.has("tls.key")) errs.push(required("data[tls.key]"));
      break;
    default:
      break;
  }
  return errs;
}

/** follows validation.go (ValidateSecretUpdate): the type never changes; an immutable Secret keeps its data. */
export function validateSecretUpdate(n: KObject, o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  if (((n as any).type ?? "") !== ((o as any).type ?? "")) errs.push(invalid("type", (n as any).type, FIELD_IMMUTABLE_ERROR_MSG));
  if ((o as any).immutable === true) {
    if ((n as any).immutable !== true) errs.push(forbidden("immutable", IMMUTABLE_WHEN_SET));
    const asMap = (x: KObject) => Object.fromEntries([...secretData(x).keys()].map((k) => [k, secretText(x, k)]));
    if (!jsonEqual(asMap(n), asMap(o))) errs.push(forbidden("data", IMMUTABLE_WHEN_SET));
  }
  return [...errs, ...validateSecret(n)];
}
