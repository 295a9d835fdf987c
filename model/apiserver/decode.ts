/**
 * What the API server's decoding refuses before anything else sees an object: a value that does not fit its Go
 * type. A resource.Quantity that does not parse (`cpu: "four"`, `"1.5.5"`) and an integer field given a string, a
 * fraction or a number out of range (`replicas: "3"`) make the JSON decoder fail, and the request is answered 400
 * BadRequest `<Kind> in version "<version>" cannot be handled as a <Kind>: <decoder error>`
 * (k8s.io/apiserver/pkg/endpoints/handlers/create.go and update.go, transformDecodeError). The decoder errors are
 * resource.Quantity's UnmarshalJSON (k8s.io/apimachinery/pkg/api/resource/quantity.go: ErrFormatWrong, ErrNumeric,
 * ErrSuffix) and encoding/json's UnmarshalTypeError, whose text names the innermost Go struct and the field path
 * (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`).
 *
 * The model checks the fields of the built-in kinds it serves that hold quantities or integers a user writes in a
 * manifest; other fields are taken as they come (the abstraction: no full typed decoding of every field).
 */
import type { KObject } from "../objects/types.ts";
import type { ResourceInfo } from "./resources.ts";
import { quantityFromJSON } from "../quantity/json.ts";
import { QuantityError } from "../quantity/errors.ts";
import { badRequest, type Status } from "./status.ts";

/** A path into an object: field names, "[]" for every element of a list, "{}" for every value of a map. */
type Path = readonly string[];
type IntType = "int32" | "int64";

interface FieldRule {
  readonly path: Path;
  /** The Go struct that holds the last field (for the decoder's message). */
  readonly struct: string;
  readonly type: "quantity" | IntType;
}

const q = (struct: string, ...path: string[]): FieldRule => ({ path, struct, type: "quantity" });
const i32 = (struct: string, ...path: string[]): FieldRule => ({ path, struct, type: "int32" });
const i64 = (struct: string, ...path: string[]): FieldRule => ({ path, struct, type: "int64" });

/** The rules of a PodSpec, under `at` (spec for a Pod, spec.template.spec for a workload). */
function podSpecRules(at: Path): FieldRule[] {
  const rules: FieldRule[] = [];
  for (const list of ["containers", "initContainers"]) {
    rules.push(
      { ...q("ResourceRequirements", ...at, list, "[]", "resources", "requests", "{}") },
      { ...q("ResourceRequirements", ...at, list, "[]", "resources", "limits", "{}") },
      { ...i32("ContainerPort", ...at, list, "[]", "ports", "[]", "containerPort") },
      { ...i32("ContainerPort", ...at, list, "[]", "ports", "[]", "hostPort") },
    );
  }
  rules.push(q("PodSpec", ...at, "overhead", "{}"), q("EmptyDirVolumeSource", ...at, "volumes", "[]", "emptyDir", "sizeLimit"), i64("PodSpec", ...at, "terminationGracePeriodSeconds"), i64("PodSpec", ...at, "activeDeadlineSeconds"), i32("PodSpec", ...at, "priority"));
  return rules;
}

const workload = (specStruct: string): FieldRule[] => [
  i32(specStruct, "spec", "replicas"),
  i32(specStruct, "spec", "minReadySeconds"),
  ...podSpecRules(["spec", "template", "spec"]),
];

const RULES: Readonly<Record<string, readonly FieldRule[]>> = {
  Pod: podSpecRules(["spec"]),
  ReplicaSet: workload("ReplicaSetSpec"),
  ReplicationController: workload("ReplicationControllerSpec"),
  Deployment: [...workload("DeploymentSpec"), i32("DeploymentSpec", "spec", "revisionHistoryLimit"), i32("DeploymentSpec", "spec", "progressDeadlineSeconds")],
  Node: [q("NodeStatus", "status", "capacity", "{}"), q("NodeStatus", "status", "allocatable", "{}")],
  ResourceQuota: [q("ResourceQuotaSpec", "spec", "hard", "{}"), q("ResourceQuotaStatus", "status", "hard", "{}"), q("ResourceQuotaStatus", "status", "used", "{}")],
  PersistentVolumeClaim: [q("VolumeResourceRequirements", "spec", "resources", "requests", "{}"), q("VolumeResourceRequirements", "spec", "resources", "limits", "{}"), q("PersistentVolumeClaimStatus", "status", "capacity", "{}")],
  PersistentVolume: [q("PersistentVolumeSpec", "spec", "capacity", "{}")],
  Service: [i32("ServicePort", "spec", "ports", "[]", "port"), i32("ServicePort", "spec", "ports", "[]", "nodePort")],
  HorizontalPodAutoscaler: [i32("HorizontalPodAutoscalerSpec", "spec", "minReplicas"), i32("HorizontalPodAutoscalerSpec", "spec", "maxReplicas")],
  PriorityClass: [i32("PriorityClass", "value")],
};

const INT_RANGE: Record<IntType, readonly [number, number]> = { int32: [-2147483648, 2147483647], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };

/** encoding/json's name for a JSON value's kind in an UnmarshalTypeError ("string", "number 1.5", "bool", ...). */
function jsonKind(v: unknown): string {
  if (typeof v === "number") return `number ${String(v)}`;
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}

/** The decoder's error for one value, or undefined when it decodes. `field` is the dotted JSON path. */
function valueProblem(rule: FieldRule, field: string, v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (rule.type === "quantity") {
    if (typeof v !== "string" && typeof v !== "number") return `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${rule.struct}.${field} of type resource.Quantity`;
    try {
      quantityFromJSON(JSON.stringify(v));
      return undefined;
    } catch (e) {
      if (e instanceof QuantityError) return e.message;
      throw e;
    }
  }
  const [min, max] = INT_RANGE[rule.type];
  if (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max) return undefined;
  return `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${rule.struct}.${field} of type ${rule.type}`;
}

function* valuesAt(node: unknown, path: Path, at: string[]): Generator<[string, unknown]> {
  if (path.length === 0) {
    yield [at.filter((s) => !/^\d+$/.test(s)).join("."), node];
    return;
  }
  if (node === null || typeof node !== "object") return;
  const [head, ...rest] = path;
  if (head === "[]") {
    if (!Array.isArray(node)) return;
    for (let k = 0; k < node.length; k++) yield* valuesAt(node[k], rest, [...at, String(k)]);
  } else if (head === "{}") {
    if (Array.isArray(node)) return;
    for (const [k, v] of Object.entries(node)) yield* valuesAt(v, rest, [...at, k]);
  } else if (!Array.isArray(node)) {
    yield* valuesAt((node as Record<string, unknown>)[head!], rest, [...at, head!]);
  }
}

/**
 * The 400 the API server answers for an object whose fields do not decode into their Go types, or undefined.
 * (A map's key is not part of the Go error's field path: `spec.containers.resources.requests`.)
 */
export function decodeProblem(info: ResourceInfo, obj: KObject): Status | undefined {
  if (info.crd !== undefined) return undefined;
  for (const rule of RULES[info.kind] ?? []) {
    for (const [field, v] of valuesAt(obj, rule.path, [])) {
      const mapped = rule.path[rule.path.length - 1] === "{}" ? field.split(".").slice(0, -1).join(".") : field;
      const why = valueProblem(rule, mapped, v);
      if (why !== undefined) return badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${why}`);
    }
  }
  return undefined;
}
