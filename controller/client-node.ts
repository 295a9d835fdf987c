/**
 * @kubernetes/client-node, loaded only when a controller runs as a plain process (controller/host.ts): kubeprop
 * does not depend on it, so a user who never runs a controller outside kubeprop need not install it. And what its
 * 1.x answers need to look as the model's do (controller/worker.mjs), so a controller sees the same values in both:
 * - a failed request rejects with client-node's ApiException, whose `name` is "Error" and whose `body` is the
 *   response's text: it becomes kubeprop's ApiException (controller/types.ts) with the Status parsed, so
 *   `e instanceof ApiException && e.code === 404` and `e.body.reason` hold as they do inside the model;
 * - an answer is deserialized into client-node's model classes, with Date objects for timestamps: it becomes the
 *   plain JSON the server sent, timestamps as RFC 3339 strings to the second (metav1.Time's format).
 */
import { ApiException, type V1Status } from "./types.ts";

export type ClientNode = typeof import("@kubernetes/client-node");

export const CLIENT_NODE = "@kubernetes/client-node";

/** Thrown when client-node is not installed: the one line a user needs. */
export class MissingClientNodeError extends Error {
  constructor(cause: string) {
    super(`running a controller outside kubeprop needs ${CLIENT_NODE}: npm install ${CLIENT_NODE} (${cause})`);
    this.name = "MissingClientNodeError";
  }
}

/** client-node, imported on first use. */
export async function loadClientNode(): Promise<ClientNode> {
  try {
    return (await import(CLIENT_NODE)) as ClientNode;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === "ERR_MODULE_NOT_FOUND" || err.code === "MODULE_NOT_FOUND") throw new MissingClientNodeError("it is not installed");
    throw e;
  }
}

/** A timestamp as Kubernetes writes one (metav1.Time: RFC 3339, seconds). */
const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/** A value as the plain JSON it was sent as: client-node's model classes and Dates become objects and strings. */
export function plainJson<T>(x: T): T {
  if (x === undefined) return x;
  return JSON.parse(
    JSON.stringify(x, function (this: Record<string, unknown>, key: string, value: unknown) {
      const raw = this[key];
      return raw instanceof Date ? rfc3339(raw) : value;
    }),
  ) as T;
}

/**
 * A client-node failure as the model's client fails: an HTTP error (a numeric `code`) becomes kubeprop's
 * ApiException with its Status parsed from the response's text; anything else (a connection refused, a kind
 * client-node cannot map to a resource) is passed on as it is.
 */
export function asApiException(e: unknown): unknown {
  if (!(e instanceof Error) || e.name === "ApiException") return e;
  const err = e as Error & { code?: unknown; body?: unknown; headers?: unknown };
  if (typeof err.code !== "number") return e;
  let body: unknown = err.body;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      // Not JSON (a proxy's HTML page): kept as the text it is.
    }
  }
  const status = body as V1Status | undefined;
  const message = typeof status?.message === "string" ? status.message : err.message.split("\n")[0]!;
  const headers = err.headers !== null && typeof err.headers === "object" ? (err.headers as Record<string, string>) : {};
  return new ApiException(err.code, message, body as V1Status, headers);
}
