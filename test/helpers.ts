/** Small helpers for tests: a cluster, requests that must succeed, and objects. */
import { expect } from "vitest";
import { bootstrap } from "../model/bootstrap.ts";
import { handle } from "../model/apiserver/handle.ts";
import type { ApiRequest } from "../model/apiserver/request.ts";
import { isStatus, type Status } from "../model/apiserver/status.ts";
import type { KObject } from "../model/objects/types.ts";
import type { State } from "../model/state.ts";

export function cluster(): State {
  return bootstrap();
}

/** Sends a request that must succeed; returns the new state and the object. */
export function ok(state: State, req: ApiRequest): { state: State; obj: KObject } {
  const r = handle(state, req);
  if (isStatus(r.result)) throw new Error(`expected success, got ${r.result.code}: ${r.result.message}`);
  return { state: r.state, obj: r.result };
}

/** Sends a request that must fail with `code`; returns the Status (and checks the state did not change). */
export function fails(state: State, req: ApiRequest, code: number): Status {
  const r = handle(state, req);
  expect(isStatus(r.result), `expected ${code}, got success`).toBe(true);
  const st = r.result as Status;
  expect(st.code, st.message).toBe(code);
  expect(r.state.store).toBe(state.store);
  return st;
}

export const pod = (name: string, extra: Partial<KObject> = {}, labels: Record<string, string> = { app: "web" }): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, labels },
  spec: { containers: [{ name: "app", image: "nginx:1.25", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] },
  ...extra,
});

export const namespace = (name: string): KObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
