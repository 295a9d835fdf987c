/**
 * The OpenAPI documents kubectl fetches, reduced to what kubectl 1.32 reads from them.
 *
 * What kubectl fetches, and why (read in staging/src/k8s.io/kubectl and cli-runtime, and seen against kubectl
 * v1.32 with -v=8):
 * - `kubectl apply -f` and `kubectl create -f` (default --validate=strict) build a validator
 *   (kubectl/pkg/cmd/util/factory_client_access.go Validator): a ParamVerifyingSchema
 *   (kubectl/pkg/validation/schema.go) asks a query-param verifier whether the server accepts the
 *   `fieldValidation` query parameter for the manifest's group-version-kind. The primary verifier
 *   (cli-runtime/pkg/resource/query_param_verifier_v3.go) GETs /openapi/v3 (Accept `application/json, * / *`),
 *   finds `api/v1` or `apis/{group}/{version}` in its `paths`, GETs that entry's serverRelativeURL (Accept
 *   `application/json`) and looks for a PATCH operation whose `x-kubernetes-group-version-kind` extension is the
 *   manifest's GVK and whose inline parameters include one named `fieldValidation`. Found: kubectl does no
 *   client-side validation and sends `?fieldValidation=Strict` on its create and patch (the server validates).
 *   A GV missing from the root sends it to the CRD check (it lists CRDs and uses Namespace's document instead).
 *   When /openapi/v3 is 404 the fallback verifier tries /openapi/v2 (protobuf,
 *   `application/com.github.proto-openapi.spec.v2@v1.0+protobuf`); with that 404 too, kubectl stops with
 *   "error validating data: failed to download openapi" unless run with --validate=false. So /openapi/v3 is
 *   required and /openapi/v2 is not: this module serves v3 only and /openapi/v2 should stay 404.
 * - `kubectl apply` computing a patch for a live object (kubectl/pkg/cmd/apply/patcher.go patchSimple): for a
 *   kind compiled into kubectl's scheme (every built-in the model serves) it builds a strategic merge patch from
 *   the v2 schema when one was loaded, else from the compiled Go structs' patchStrategy/patchMergeKey tags
 *   (strategicpatch.NewPatchMetaFromStruct); for a custom resource it sends a three-way JSON merge patch. The
 *   v2 document being absent, the compiled structs decide, which is exactly the merge keys a real server's
 *   schema would give: no x-kubernetes-patch-merge-key is needed here.
 * - `kubectl get`, `scale`, `rollout status`, `delete`, `patch` read no OpenAPI document (discovery and the
 *   resource's own endpoints only); `kubectl explain` reads the v3 schemas, which are stubs here (an object type
 *   that keeps unknown fields), so explain prints the kind and no fields.
 *
 * Documents: the root {@link openapiV3Root} lists every served group-version with a serverRelativeURL carrying
 * a hash of its document (clients cache a document by that URL, so the hash changes when a CRD changes the
 * document); {@link openapiV3GroupVersion} gives, for each resource, its collection and item paths with the
 * operations kube-apiserver declares (get/list, create, replace, patch, delete), the `x-kubernetes-action` and
 * `x-kubernetes-group-version-kind` extensions, and the `fieldValidation` parameter on create, replace and patch,
 * plus the status and scale subresource paths.
 */
import type { State } from "../state.ts";
import { fnv32aCodeUnits, hex32 } from "../collections/fnv.ts";
import { allResources } from "./lookup.ts";
import type { ResourceInfo } from "./resources.ts";
import { SERVER_VERSION } from "./discovery.ts";

/** The key of a group-version in the v3 root: "api/v1" or "apis/apps/v1" (client-go openapi3 gvToAPIPath). */
export const openapiPathOf = (group: string, version: string): string => (group ? `apis/${group}/${version}` : `api/${version}`);

function servedGroupVersions(state: State): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const info of allResources(state)) seen.set(openapiPathOf(info.group, info.version), { group: info.group, version: info.version });
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, gv]) => gv);
}

/** A stable short hash of a document (FNV-1a over its JSON, two seeds), the `hash` of its serverRelativeURL. */
function documentHash(doc: unknown): string {
  const text = JSON.stringify(doc);
  return (hex32(fnv32aCodeUnits(`a${text}`)) + hex32(fnv32aCodeUnits(`b${text}`))).toUpperCase();
}

/** GET /openapi/v3: `{paths: {"api/v1": {serverRelativeURL: "/openapi/v3/api/v1?hash=..."}, ...}}`. */
export function openapiV3Root(state: State): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of servedGroupVersions(state)) {
    const key = openapiPathOf(group, version);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${documentHash(openapiV3GroupVersion(state, key))}` };
  }
  return { paths };
}

/** "Core" for the core group, "Apps", "Coordination" (".k8s.io" dropped), "ExampleCom": operation id words. */
function groupWord(group: string): string {
  if (group === "") return "Core";
  return group
    .replace(/\.k8s\.io$/, "")
    .split(/[.-]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

const param = (name: string, description: string, where: "query" | "path" = "query") => ({
  name,
  in: where,
  description,
  ...(where === "path" ? { required: true } : {}),
  schema: { type: "string", uniqueItems: true },
});

const FIELD_VALIDATION = param(
  "fieldValidation",
  "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Strict - Warn",
);
const DRY_RUN = param("dryRun", "When present, indicates that modifications should not be persisted.");
const FIELD_MANAGER = param("fieldManager", "fieldManager is a name associated with the actor or entity that is making these changes.");

/** The components/schemas name of a kind: "io.k8s.api.apps.v1.Deployment", "com.example.v1.Widget" for CRDs. */
export function schemaName(info: ResourceInfo): string {
  if (info.crd !== undefined) return `${info.group.split(".").reverse().join(".")}.${info.version}.${info.kind}`;
  if (info.group === "apiextensions.k8s.io") return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${info.version}.${info.kind}`;
  const pkg = info.group === "" ? "core" : info.group.replace(/\.k8s\.io$/, "");
  return `io.k8s.api.${pkg}.${info.version}.${info.kind}`;
}

function operations(info: ResourceInfo, kind: string, gvk: { group: string; version: string; kind: string }, subresource?: string) {
  const word = `${groupWord(info.group)}${info.version.charAt(0).toUpperCase()}${info.version.slice(1)}${info.namespaced ? "Namespaced" : ""}${kind}${subresource ? subresource.charAt(0).toUpperCase() + subresource.slice(1) : ""}`;
  const ok = { "200": { description: "OK", content: { "application/json": { schema: { $ref: `#/components/schemas/${schemaName({ ...info, kind: gvk.kind, group: gvk.group, version: gvk.version })}` } } } } };
  const ext = (action: string) => ({ "x-kubernetes-action": action, "x-kubernetes-group-version-kind": gvk });
  return { word, ok, ext };
}

const SCALE_GVK = { group: "autoscaling", version: "v1", kind: "Scale" };

/** The status and scale subresources the model's resource has, with the kind each answers with. */
function subresourcesOf(info: ResourceInfo): { name: string; gvk: { group: string; version: string; kind: string } }[] {
  const subs = info.hasStatus ? [{ name: "status", gvk: { group: info.group, version: info.version, kind: info.kind } }] : [];
  const scalable = info.crd === undefined && ["Deployment", "ReplicaSet", "ReplicationController"].includes(info.kind);
  return scalable ? [...subs, { name: "scale", gvk: SCALE_GVK }] : subs;
}

/** The paths of one resource: collection (list, create) and item (get, replace, patch, delete), and subresources. */
function resourcePaths(info: ResourceInfo): Record<string, unknown> {
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const collection = info.namespaced ? `${base}/namespaces/{namespace}/${info.plural}` : `${base}/${info.plural}`;
  const item = `${collection}/{name}`;
  const scope = info.namespaced ? [param("namespace", "object name and auth scope, such as for teams and projects", "path")] : [];
  const named = [param("name", `name of the ${info.kind}`, "path"), ...scope];
  const main = operations(info, info.kind, gvk);
  const paths: Record<string, unknown> = {
    [collection]: {
      get: { operationId: `list${main.word}`, ...main.ext("list"), responses: main.ok },
      post: { operationId: `create${main.word}`, parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION], ...main.ext("post"), responses: main.ok },
      parameters: scope,
    },
    [item]: {
      get: { operationId: `read${main.word}`, ...main.ext("get"), responses: main.ok },
      put: { operationId: `replace${main.word}`, parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION], ...main.ext("put"), responses: main.ok },
      patch: { operationId: `patch${main.word}`, parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, param("force", "Force is going to \"force\" Apply requests.")], ...main.ext("patch"), responses: main.ok },
      delete: { operationId: `delete${main.word}`, parameters: [DRY_RUN], ...main.ext("delete"), responses: main.ok },
      parameters: named,
    },
  };
  for (const s of subresourcesOf(info)) {
    const op = operations(info, info.kind, s.gvk, s.name);
    paths[`${item}/${s.name}`] = {
      get: { operationId: `read${op.word}`, ...op.ext("get"), responses: op.ok },
      put: { operationId: `replace${op.word}`, parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION], ...op.ext("put"), responses: op.ok },
      patch: { operationId: `patch${op.word}`, parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION], ...op.ext("patch"), responses: op.ok },
      parameters: named,
    };
  }
  return paths;
}

/** A stub schema: the kind's identity and an object that keeps every field (the model does its own validation). */
function schemaStub(gvk: { group: string; version: string; kind: string }) {
  return {
    type: "object",
    description: `${gvk.kind} (schema not published by kubeprop)`,
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
    },
    "x-kubernetes-preserve-unknown-fields": true,
    "x-kubernetes-group-version-kind": [gvk],
  };
}

/**
 * GET /openapi/v3/{path} (path "api/v1" or "apis/{group}/{version}", the query string ignored): the group-version's
 * OpenAPI 3.0 document, or undefined when the group-version is not served (the server answers 404).
 */
export function openapiV3GroupVersion(state: State, path: string): Record<string, unknown> | undefined {
  const key = path.replace(/^\/+/, "").replace(/\?.*$/, "");
  const infos = allResources(state).filter((i) => openapiPathOf(i.group, i.version) === key);
  if (infos.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const info of [...infos].sort((a, b) => (a.plural < b.plural ? -1 : 1))) {
    Object.assign(paths, resourcePaths(info));
    schemas[schemaName(info)] = schemaStub({ group: info.group, version: info.version, kind: info.kind });
    for (const s of subresourcesOf(info)) schemas[schemaName({ ...info, ...s.gvk })] = schemaStub(s.gvk);
  }
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: SERVER_VERSION.gitVersion },
    paths,
    components: { schemas },
  };
}

