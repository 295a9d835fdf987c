/**
 * Kubernetes-shaped errors. The API server never throws: an invalid request is answered with a Status
 * (follows k8s.io/apimachinery/pkg/api/errors/errors.go: NewNotFound, NewAlreadyExists, NewConflict,
 * NewInvalid, NewForbidden, NewBadRequest, NewResourceExpired, NewMethodNotSupported, NewServiceUnavailable; and
 * k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/status.go ErrorToAPIStatus for a plain error).
 */
import { fieldErrorMessage, type FieldError } from "../validation/field-error.ts";

export interface StatusCause {
  readonly type: string;
  readonly message: string;
  readonly field?: string;
}

export interface Status {
  readonly apiVersion: "v1";
  readonly kind: "Status";
  /** ListMeta: empty but for the fresh continue token of a 410 on a continued list (etcd3 handleCompactedErrorForPaging). */
  readonly metadata: { readonly continue?: string };
  readonly status: "Failure";
  readonly message: string;
  readonly reason: StatusReason;
  readonly details?: {
    readonly name?: string;
    readonly group?: string;
    readonly kind?: string;
    readonly causes?: readonly StatusCause[];
  };
  readonly code: 400 | 403 | 404 | 405 | 409 | 410 | 415 | 422 | 500 | 503 | 504;
}

export type StatusReason =
  | "BadRequest"
  | "Forbidden"
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Gone"
  | "Expired"
  | "Invalid"
  | "MethodNotAllowed"
  | "UnsupportedMediaType"
  | "InternalError"
  | "ServiceUnavailable"
  | "Timeout"
  /** StatusReasonUnknown: a plain error the server turned into a Status (ErrorToAPIStatus). */
  | "";

/** A resource as errors name it: plural plus group ("pods", "deployments.apps"). */
export interface QualifiedResource {
  readonly group: string;
  readonly resource: string;
}
const qr = (r: QualifiedResource) => (r.group ? `${r.resource}.${r.group}` : r.resource);

/** A Status with any code, reason and message (for answers relayed from elsewhere, such as a kubelet's 404). */
export function status(code: Status["code"], reason: StatusReason, message: string, details?: Status["details"]): Status {
  return details
    ? { apiVersion: "v1", kind: "Status", metadata: {}, status: "Failure", message, reason, details, code }
    : { apiVersion: "v1", kind: "Status", metadata: {}, status: "Failure", message, reason, code };
}

export const notFound = (r: QualifiedResource, name: string): Status =>
  status(404, "NotFound", `${qr(r)} "${name}" not found`, { name, group: r.group, kind: r.resource });

export const alreadyExists = (r: QualifiedResource, name: string): Status =>
  status(409, "AlreadyExists", `${qr(r)} "${name}" already exists`, { name, group: r.group, kind: r.resource });

export const conflict = (r: QualifiedResource, name: string, why: string): Status =>
  status(409, "Conflict", `Operation cannot be fulfilled on ${qr(r)} "${name}": ${why}`, {
    name,
    group: r.group,
    kind: r.resource,
  });

/** The optimistic-concurrency conflict (apiserver's registry/generic/registry: OptimisticLockErrorMsg). */
export const OPTIMISTIC_LOCK_MSG = "the object has been modified; please apply your changes to the latest version and try again";

export const forbidden = (r: QualifiedResource, name: string, why: string): Status =>
  status(403, "Forbidden", name ? `${qr(r)} "${name}" is forbidden: ${why}` : `${qr(r)} is forbidden: ${why}`, {
    name,
    group: r.group,
    kind: r.resource,
  });

export const badRequest = (message: string): Status => status(400, "BadRequest", message);

export const methodNotSupported = (r: QualifiedResource, verb: string): Status =>
  status(405, "MethodNotAllowed", `${verb} is not supported on resources of kind "${qr(r)}"`, {
    group: r.group,
    kind: r.resource,
  });

/** 410 Gone for a watch or list from a compacted resourceVersion (NewResourceExpired). */
export const resourceExpired = (message: string): Status => status(410, "Expired", message);

/**
 * 504 for a read at a resourceVersion the store has not reached (storage.NewTooLargeResourceVersionError, a
 * NewTimeoutError with a ResourceVersionTooLarge cause; its retryAfterSeconds of 0 is omitted on the wire).
 */
export const tooLargeResourceVersion = (minimum: number, current: number): Status =>
  status(504, "Timeout", `Timeout: Too large resource version: ${minimum}, current: ${current}`, {
    causes: [{ type: "ResourceVersionTooLarge", message: "Too large resource version" }],
  });

export const internalError = (message: string): Status =>
  status(500, "InternalError", `Internal error occurred: ${message}`);

/** 503 ServiceUnavailable with the given message (NewServiceUnavailable). */
export const serviceUnavailable = (message: string): Status => status(503, "ServiceUnavailable", message);

/**
 * A plain Go error answered by the API server (ErrorToAPIStatus's default case): 500, reason Unknown (""), the
 * error text as the message. The proxy's dial failures ("error trying to reach service: ...") come back so.
 */
export const unknownError = (message: string): Status => status(500, "", message);

/** 404 for a path the server does not serve (an unknown subresource), as the API server's NotFound handler says. */
export const pathNotFound = (): Status => status(404, "NotFound", "the server could not find the requested resource", {});

/** 422 Invalid: `Kind "name" is invalid: <errors>` with one cause per field error (NewInvalid). */
export function invalidStatus(group: string, kind: string, name: string, errs: readonly FieldError[]): Status {
  const msgs = errs.map(fieldErrorMessage);
  // ErrorList.ToAggregate drops repeated messages; one left is printed bare, several inside "[...]"
  const unique = [...new Set(msgs)];
  const agg = unique.length === 1 ? unique[0]! : `[${unique.join(", ")}]`;
  const qkind = group ? `${kind}.${group}` : kind;
  return status(422, "Invalid", `${qkind} "${name}" is invalid: ${agg}`, {
    name,
    group,
    kind,
    causes: errs.map((e, i) => ({ type: e.type, message: msgs[i]!.slice(e.field.length + 2), field: e.field })),
  });
}

/** Whether a response is a Status error. */
export const isStatus = (x: unknown): x is Status =>
  typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "Status";
