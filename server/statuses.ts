/**
 * The Status answers only the HTTP front end gives (the model's API server never sees these requests): a body too
 * large, a content type it cannot read, a method a path does not take, a watch from a future revision. Shaped and
 * worded as k8s.io/apiserver's handlers answer them (endpoints/handlers/rest.go, responsewriters/errors.go,
 * apimachinery/pkg/api/errors/errors.go).
 */
import type { Status } from "../model/apiserver/status.ts";

/** A Status with any HTTP code (the model's Status type lists the codes the model itself answers). */
export function httpStatus(code: number, reason: string, message: string, details?: Status["details"]): Status {
  return { apiVersion: "v1", kind: "Status", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code } as unknown as Status;
}

/** 413 (NewRequestEntityTooLargeError): the body is over the limit (upstream: 3 MiB for JSON/YAML bodies). */
export const tooLarge = (limit: number): Status => httpStatus(413, "RequestEntityTooLarge", `Request entity too large: limit is ${limit}`);

/** 415 (NewUnsupportedMediaType-like, handlers/rest.go): a body in a content type the verb does not take. */
export const unsupportedMediaType = (contentType: string, allowed: readonly string[]): Status =>
  httpStatus(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${allowed.join(", ")}`, { kind: contentType });

/** 400: a body that does not decode (the serializer's error, as upstream wraps it). */
export const undecodable = (why: string): Status => httpStatus(400, "BadRequest", `the body of the request was in an unknown format - ${why}`);

/** 405 (NewMethodNotSupported): the path exists, the method does not apply to it. */
export const methodNotAllowed = (method: string, what: string): Status =>
  httpStatus(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`, { kind: what, causes: [{ type: "", message: `method ${method}` }] });

/** 504 (NewTooLargeResourceVersionError): a watch or read at a revision the store has not reached. */
export const tooLargeResourceVersion = (asked: number, current: number): Status =>
  httpStatus(504, "Timeout", `Too large resource version: ${asked}, current: ${current}`, { causes: [{ type: "ResourceVersionTooLarge", message: "Too large resource version" }] });

/** 400: a query parameter that does not parse (as the API server's parameter codec words it). */
export const badParameter = (name: string, value: string, why: string): Status => httpStatus(400, "BadRequest", `invalid ${name} "${value}": ${why}`);

/** 500: kubeprop itself failed answering (a bug): the server stays up and says so. */
export const internalBug = (why: string): Status => httpStatus(500, "InternalError", `Internal error occurred: kubeprop: ${why} (a bug in kubeprop: please report it)`);

/** 429 (NewTooManyRequests): more concurrent watches than the server allows. */
export const tooManyRequests = (why: string): Status => httpStatus(429, "TooManyRequests", why, { causes: [{ type: "", message: why }] });
