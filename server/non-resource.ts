/** Non-resource paths: health checks; discovery and OpenAPI are wired from model/apiserver/discovery.ts (pending). */
import type { State } from "../model/state.ts";
import { pathNotFound } from "./statuses.ts";

export interface NonResourceAnswer {
  readonly code: number;
  readonly body: unknown;
  readonly contentType: string;
}

export function nonResource(_state: State, method: string, path: string, _accept: string): NonResourceAnswer {
  if (method === "GET" && (path === "/healthz" || path === "/livez" || path === "/readyz")) return { code: 200, body: "ok", contentType: "text/plain" };
  return { code: 404, body: pathNotFound(), contentType: "application/json" };
}
