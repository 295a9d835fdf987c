/**
 * Reading a request body: bounded in size (the API server's limit for JSON and YAML bodies, 3 MiB,
 * k8s.io/apiserver/pkg/server/config.go MaxRequestBodyBytes), decoded as JSON, YAML or Kubernetes protobuf
 * (server/protobuf/, into the JSON object the same request would carry) by its content type, as the API server's
 * negotiated serializers read them. A body that cannot be read is a Status, never an exception.
 */
import type { IncomingMessage } from "node:http";
import { parse as parseYaml } from "yaml";
import type { Status } from "../model/apiserver/status.ts";
import { tooLarge, undecodable, unsupportedMediaType } from "./statuses.ts";
import { decodeProtobufBody } from "./protobuf/decode.ts";
import { duplicateJsonFields } from "./json-duplicates.ts";

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/**
 * `pathDecides`: a well-formed protobuf body of a kind kubeprop has no schema for; as for a JSON body, a path the
 * model does not serve is answered by the path (404), any other with `status`.
 */
export type Body =
  | { readonly ok: true; readonly value: unknown; /** Keys a JSON body gave twice (json-duplicates.ts). */ readonly duplicates?: readonly string[] }
  | { readonly ok: false; readonly status: Status; readonly pathDecides?: boolean };

export const PROTOBUF_TYPE = "application/vnd.kubernetes.protobuf";

/** The media type of a Content-Type header, lower-case, without parameters. */
export const mediaType = (header: string | undefined): string => (header ?? "").split(";")[0]!.trim().toLowerCase();

const JSON_TYPES = new Set(["application/json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/json-patch+json", ""]);
const YAML_TYPES = new Set(["application/yaml", "application/apply-patch+yaml", "application/x-yaml", "text/yaml"]);

/** Reads the whole body (undefined value when empty), refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Body> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) {
    req.resume();
    return { ok: false, status: tooLarge(limit) };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      return { ok: false, status: tooLarge(limit) };
    }
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  const type = mediaType(req.headers["content-type"]);
  if (type === PROTOBUF_TYPE) {
    if (bytes.length === 0) return { ok: true, value: undefined };
    const decoded = decodeProtobufBody(bytes);
    if (decoded.ok) return { ok: true, value: decoded.value };
    return { ok: false, status: undecodable(`couldn't decode protobuf: ${decoded.why}`), ...(decoded.unknownKind ? { pathDecides: true } : {}) };
  }
  const text = bytes.toString("utf8");
  if (text.trim() === "") return { ok: true, value: undefined };
  if (JSON_TYPES.has(type)) {
    try {
      const value: unknown = JSON.parse(text);
      // JSON.parse keeps the last of a key given twice; the decoder reports it (a strict decoding error).
      const duplicates = duplicateJsonFields(text);
      return { ok: true, value, ...(duplicates.length > 0 ? { duplicates } : {}) };
    } catch (e) {
      return { ok: false, status: undecodable(`couldn't decode JSON: ${(e as Error).message}`) };
    }
  }
  if (YAML_TYPES.has(type)) {
    try {
      return { ok: true, value: parseYaml(text, { maxAliasCount: 100 }) };
    } catch (e) {
      return { ok: false, status: undecodable(`couldn't decode YAML: ${(e as Error).message.split("\n")[0]}`) };
    }
  }
  return { ok: false, status: unsupportedMediaType(type, ["application/json", "application/yaml", PROTOBUF_TYPE]) };
}
