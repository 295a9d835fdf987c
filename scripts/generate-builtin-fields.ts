/**
 * Writes model/apiserver/builtin-schema/fields.generated.ts: every field of every message the built-in kinds reach,
 * read from the vendored Kubernetes .proto files (server/protobuf/schema/, see its README.md) with protobufjs. The
 * model's strict decoder (model/apiserver/builtin-schema/strict-decode.ts) walks a body against it; the model may not
 * import server/, so the table is generated and committed (test/builtin-fields-generated.test.ts holds it current).
 *
 *   npx tsx scripts/generate-builtin-fields.ts
 *
 * What the .proto files do not say, added here:
 * - JSON forms of the apimachinery types with their own UnmarshalJSON: resource.Quantity ("quantity": a string or a
 *   number), intstr.IntOrString ("intOrString"), metav1.Time and MicroTime ("time": a string), metav1.FieldsV1 and
 *   runtime.RawExtension ("any": any JSON).
 * - Embedded Go structs (`json:",inline"`, server/protobuf/go-fields.ts INLINES): their fields belong to the enclosing
 *   object; `via` keeps the embedded Go field's name, which encoding/json puts in a type error's field path.
 * - TypeMeta (apiVersion, kind), which the top-level kinds embed and generated.proto leaves out.
 * - The fields upstream has and the trimmed .proto files lack (server/protobuf/README.md "What is trimmed"), from
 *   kubernetes/kubernetes staging/src/k8s.io/api/core/v1/types.go: listed in TRIMMED below so that they are not
 *   reported as unknown. Their values are taken as any JSON (`any`) unless their Go type is a plain scalar.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import { kubernetesSchema } from "../server/protobuf/schema.ts";
import { INLINES } from "../server/protobuf/go-fields.ts";
import { KIND_MESSAGES } from "../server/protobuf/kinds.ts";

export const GENERATED_PATH = fileURLToPath(new URL("../model/apiserver/builtin-schema/fields.generated.ts", import.meta.url));

interface FieldOut {
  type: string;
  repeated?: true;
  map?: true;
  via?: string;
}

/** apimachinery types whose JSON is not their protobuf message. */
const SPECIAL: Readonly<Record<string, string>> = {
  "k8s.io.apimachinery.pkg.api.resource.Quantity": "quantity",
  "k8s.io.apimachinery.pkg.util.intstr.IntOrString": "intOrString",
  "k8s.io.apimachinery.pkg.apis.meta.v1.Time": "time",
  "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime": "time",
  "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1": "any",
  "k8s.io.apimachinery.pkg.runtime.RawExtension": "any",
};

/** The Go package name of each proto package (the "v1" of "of type v1.Container" in a decode error). */
const GO_PACKAGE: Readonly<Record<string, string>> = {
  "k8s.io.api.core.v1": "v1",
  "k8s.io.api.apps.v1": "v1",
  "k8s.io.api.autoscaling.v2": "v2",
  "k8s.io.api.coordination.v1": "v1",
  "k8s.io.api.scheduling.v1": "v1",
  "k8s.io.apimachinery.pkg.apis.meta.v1": "v1",
};

const any = (repeated = false): FieldOut => (repeated ? { type: "any", repeated: true } : { type: "any" });

/**
 * Fields upstream's types.go has that the trimmed .proto files leave out (server/protobuf/README.md), by message.
 * Read from kubernetes/kubernetes staging/src/k8s.io/api/core/v1/types.go (PodSpec.ResourceClaims, Resources,
 * HostnameOverride; PodSecurityContext.AppArmorProfile, SupplementalGroupsPolicy, SELinuxChangePolicy;
 * SecurityContext.AppArmorProfile; VolumeSource.Image; VolumeMount.RecursiveReadOnly; Lifecycle.StopSignal;
 * ContainerStatus 12-15; PodStatus.ResourceClaimStatuses, ObservedGeneration; PodCondition.ObservedGeneration;
 * ServiceSpec.TrafficDistribution; NodeStatus 12-13; NodeSystemInfo.Swap).
 */
const TRIMMED: Readonly<Record<string, Readonly<Record<string, FieldOut>>>> = {
  PodSpec: { resourceClaims: any(true), resources: { type: "ResourceRequirements" }, hostnameOverride: { type: "string" } },
  PodSecurityContext: { appArmorProfile: any(), supplementalGroupsPolicy: { type: "string" }, seLinuxChangePolicy: { type: "string" } },
  SecurityContext: { appArmorProfile: any() },
  Volume: { image: { ...any(), via: "VolumeSource" } },
  VolumeMount: { recursiveReadOnly: { type: "string" } },
  Lifecycle: { stopSignal: { type: "string" } },
  ContainerStatus: { volumeMounts: any(true), user: any(), allocatedResourcesStatus: any(true), stopSignal: { type: "string" } },
  PodStatus: { resourceClaimStatuses: any(true), observedGeneration: { type: "int64" }, extendedResourceClaimStatus: any() },
  PodCondition: { observedGeneration: { type: "int64" } },
  ServiceSpec: { trafficDistribution: { type: "string" } },
  NodeStatus: { runtimeHandlers: any(true), features: any() },
  NodeSystemInfo: { swap: any() },
};

const TYPE_META: Readonly<Record<string, FieldOut>> = { apiVersion: { type: "string", via: "TypeMeta" }, kind: { type: "string", via: "TypeMeta" } };

const pkgOf = (t: protobuf.Type): string => t.fullName.slice(1, t.fullName.lastIndexOf("."));

function typeName(f: protobuf.Field): string {
  const r = f.resolvedType;
  if (r === null) return f.type;
  if (r instanceof protobuf.Enum) return "string";
  const special = SPECIAL[r.fullName.slice(1)];
  return special ?? r.name;
}

/** The JSON fields of a message: its own, those of its inline embeds (marked with the embed's Go name). */
function fieldsOf(t: protobuf.Type, via?: string): Array<[string, FieldOut]> {
  const inline = INLINES.get(t.fullName.slice(1));
  const out: Array<[string, FieldOut]> = [];
  for (const f of t.fieldsArray) {
    if (inline?.has(f.name)) {
      const embedded = f.resolvedType as protobuf.Type;
      out.push(...fieldsOf(embedded, via ?? embedded.name));
      continue;
    }
    const spec: FieldOut = { type: typeName(f) };
    if (f.repeated) spec.repeated = true;
    if (f instanceof protobuf.MapField) spec.map = true;
    if (via) spec.via = via;
    out.push([f.name, spec]);
  }
  return out;
}

/** The generated module's text. */
export function generateBuiltinFields(): string {
  const root = kubernetesSchema();
  const messages = new Map<string, { pkg: string; fields: Array<[string, FieldOut]> }>();
  const topLevel = new Set(Object.values(KIND_MESSAGES).flatMap((m) => Object.values(m)));
  const visit = (t: protobuf.Type): void => {
    if (SPECIAL[t.fullName.slice(1)] !== undefined) return;
    const seen = messages.get(t.name);
    if (seen) {
      if (seen.pkg !== pkgOf(t)) throw new Error(`two messages named ${t.name}: the table keys messages by name`);
      return;
    }
    const own = fieldsOf(t);
    const fields = [...(topLevel.has(t.fullName.slice(1)) ? Object.entries(TYPE_META) : []), ...own, ...Object.entries(TRIMMED[t.name] ?? {})];
    messages.set(t.name, { pkg: pkgOf(t), fields });
    for (const f of t.fieldsArray) if (f.resolvedType instanceof protobuf.Type) visit(f.resolvedType);
  };
  const kinds: Array<[string, string]> = [];
  for (const [apiVersion, byKind] of Object.entries(KIND_MESSAGES)) {
    for (const [kind, full] of Object.entries(byKind)) {
      const t = root.lookupType(full);
      visit(t);
      kinds.push([`${apiVersion}/${kind}`, t.name]);
    }
  }
  for (const name of Object.keys(TRIMMED)) if (!messages.has(name)) throw new Error(`TRIMMED names ${name}, which no kind reaches`);
  const field = ([name, f]: [string, FieldOut]): string => `${JSON.stringify(name)}: ${JSON.stringify(f).replace(/"([a-z]+)":/g, "$1: ")}`;
  const lines = [...messages.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, m]) => `  ${name}: { pkg: ${JSON.stringify(GO_PACKAGE[m.pkg] ?? m.pkg)}, fields: { ${m.fields.map(field).join(", ")} } },`);
  return [
    "// GENERATED by scripts/generate-builtin-fields.ts from server/protobuf/schema/*.proto: do not edit; run",
    "// `npx tsx scripts/generate-builtin-fields.ts` (test/builtin-fields-generated.test.ts checks this file is current).",
    'import type { BuiltinMessage } from "./field-types.ts";',
    "",
    "/** Every message the built-in kinds reach, by name: its Go package and its JSON fields. */",
    "export const BUILTIN_MESSAGES: Readonly<Record<string, BuiltinMessage>> = {",
    ...lines,
    "};",
    "",
    '/** The message of each built-in kind, by "apiVersion/kind". */',
    "export const BUILTIN_KIND_MESSAGES: Readonly<Record<string, string>> = {",
    ...kinds.map(([k, m]) => `  ${JSON.stringify(k)}: ${JSON.stringify(m)},`),
    "};",
    "",
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(GENERATED_PATH, generateBuiltinFields());
  console.log(`wrote ${GENERATED_PATH}`);
}
