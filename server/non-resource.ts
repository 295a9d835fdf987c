/**
 * The non-resource paths of the API server: /version, discovery (/api, /apis, /api/v1, /apis/{group},
 * /apis/{group}/{version}, in the aggregated form when the Accept header asks for it: client-go tells the two
 * apart by Content-Type alone), the OpenAPI v3 documents kubectl reads to learn that the server validates fields
 * itself (/openapi/v2 stays 404: kubectl then builds strategic merge patches from its compiled-in types, see
 * model/apiserver/openapi.ts), and the health checks. Each document is a pure function of the state
 * (model/apiserver/discovery.ts, openapi.ts).
 */
import type { State } from "../model/state.ts";
import { aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions, negotiateDiscovery, versionInfo } from "../model/apiserver/discovery.ts";
import { openapiV3GroupVersion, openapiV3Root } from "../model/apiserver/openapi.ts";
import { methodNotAllowed } from "./statuses.ts";
import { pathNotFound } from "../model/apiserver/status.ts";

export interface NonResourceAnswer {
  readonly code: number;
  readonly body: unknown;
  readonly contentType: string;
}

const JSON_TYPE = "application/json";
const ok = (body: unknown, contentType = JSON_TYPE): NonResourceAnswer => ({ code: 200, body, contentType });
const notFound = (): NonResourceAnswer => ({ code: 404, body: pathNotFound(), contentType: JSON_TYPE });

export function nonResource(state: State, method: string, path: string, accept: string): NonResourceAnswer {
  if (method !== "GET" && method !== "HEAD") {
    const st = methodNotAllowed(method, path);
    return { code: st.code, body: st, contentType: JSON_TYPE };
  }
  if (path === "/healthz" || path === "/livez" || path === "/readyz") return ok("ok", "text/plain");
  if (path === "/version") return ok(versionInfo());
  if (path === "/api" || path === "/apis") {
    const form = negotiateDiscovery(accept);
    const root = path === "/api" ? "api" : "apis";
    if (form.form === "aggregated") return ok(aggregatedDiscovery(state, root, form.version), form.contentType);
    return ok(root === "api" ? apiVersions() : apiGroupList(state));
  }
  const parts = path.split("/").filter((p) => p !== "");
  if (parts[0] === "api" && parts.length === 2) return found(apiResourceList(state, "", parts[1]!));
  if (parts[0] === "apis" && parts.length === 2) return found(apiGroup(state, parts[1]!));
  if (parts[0] === "apis" && parts.length === 3) return found(apiResourceList(state, parts[1]!, parts[2]!));
  if (path === "/openapi/v3") return ok(openapiV3Root(state));
  if (parts[0] === "openapi" && parts[1] === "v3" && parts.length > 2) return found(openapiV3GroupVersion(state, parts.slice(2).join("/")));
  return notFound();
}

const found = (doc: unknown): NonResourceAnswer => (doc === undefined ? notFound() : ok(doc));
