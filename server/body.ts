/**
 * Reading a request body: bounded in size (the API server's limit for JSON and YAML bodies, 3 MiB,
 * k8s.io/apiserver/pkg/server/config.go MaxRequestBodyBytes), decoded as JSON or YAML by its content type, as the
 * API server's negotiated serializers read them. A body that cannot be read is a Status, never an exception.
 */
import type { IncomingMessage } from "node:http";
import { parse as parseYaml } from "yaml";
import type { Status } from "../model/apiserver/status.ts";
import { tooLarge, undecodable, unsupportedMediaType } from "./statuses.ts";

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export type Body = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly status: Status };

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
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return { ok: true, value: undefined };
  const type = mediaType(req.headers["content-type"]);
  if (JSON_TYPES.has(type)) {
    try {
      return { ok: true, value: JSON.parse(text) };
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
  return { ok: false, status: unsupportedMediaType(type, ["application/json", "application/yaml"]) };
}
