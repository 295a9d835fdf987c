/**
 * The shape of a body's ObjectMeta, checked as the API server's decoder checks it: it decodes a body into the
 * kind's Go struct, and a field of the wrong JSON type fails there, before any registry code runs
 * (k8s.io/apiserver/pkg/endpoints/handlers/create.go, update.go: transformDecodeError, a 400 BadRequest:
 * `ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field
 * ObjectMeta.metadata.labels of type map[string]string`). The model takes objects as JSON and trusts their shape,
 * so a `labels: 5` would be stored and `name: 5` would throw inside it; only ObjectMeta, which every kind shares,
 * is checked here (a kind's own fields are the model's to check: see the serve-load report).
 */
import type { Status } from "../model/apiserver/status.ts";
import { httpStatus } from "./statuses.ts";

/** The JSON type name Go's encoding/json uses in an UnmarshalTypeError. */
const jsonType = (v: unknown): string => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v === "boolean" ? "bool" : typeof v === "object" ? "object" : typeof v);

type Want = "string" | "map[string]string" | "[]string" | "[]v1.OwnerReference" | "int64";

/** ObjectMeta's fields a client may set, with their Go types (apimachinery/pkg/apis/meta/v1/types.go). */
const META_FIELDS: Readonly<Record<string, Want>> = {
  name: "string",
  generateName: "string",
  namespace: "string",
  uid: "string",
  resourceVersion: "string",
  creationTimestamp: "string",
  deletionTimestamp: "string",
  deletionGracePeriodSeconds: "int64",
  generation: "int64",
  labels: "map[string]string",
  annotations: "map[string]string",
  finalizers: "[]string",
  ownerReferences: "[]v1.OwnerReference",
};

/** The first value of the wrong JSON type, as [path, JSON type, Go type], or undefined. null is nil: allowed. */
function misfit(meta: Record<string, unknown>): [string, string, string] | undefined {
  for (const [field, want] of Object.entries(META_FIELDS)) {
    const v = meta[field];
    if (v === undefined || v === null) continue;
    const path = `metadata.${field}`;
    switch (want) {
      case "string":
        if (typeof v !== "string") return [path, jsonType(v), "string"];
        break;
      case "int64":
        if (typeof v !== "number" || !Number.isInteger(v)) return [path, jsonType(v), "int64"];
        break;
      case "map[string]string": {
        if (jsonType(v) !== "object") return [path, jsonType(v), want];
        for (const x of Object.values(v as Record<string, unknown>)) if (typeof x !== "string" && x !== null) return [path, jsonType(x), "string"];
        break;
      }
      case "[]string":
        if (!Array.isArray(v)) return [path, jsonType(v), want];
        for (const x of v) if (typeof x !== "string") return [path, jsonType(x), "string"];
        break;
      case "[]v1.OwnerReference":
        if (!Array.isArray(v)) return [path, jsonType(v), want];
        for (const x of v) if (jsonType(x) !== "object") return [path, jsonType(x), "v1.OwnerReference"];
        break;
    }
  }
  return undefined;
}

/**
 * A 400 Status when the body's metadata has a field of the wrong type, else undefined. `metadata` itself not an
 * object is left to the model, which answers it ("the object has no metadata").
 */
export function metadataShapeProblem(body: Record<string, unknown>): Status | undefined {
  const meta = body.metadata;
  if (jsonType(meta) !== "object") return undefined;
  const m = misfit(meta as Record<string, unknown>);
  if (!m) return undefined;
  const kind = typeof body.kind === "string" && body.kind !== "" ? body.kind : "Object";
  const version = typeof body.apiVersion === "string" ? body.apiVersion.split("/").pop()! : "";
  const [path, got, want] = m;
  return httpStatus(400, "BadRequest", `${kind} in version "${version}" cannot be handled as a ${kind}: json: cannot unmarshal ${got} into Go struct field ObjectMeta.${path} of type ${want}`);
}
