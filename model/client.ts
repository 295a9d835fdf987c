/**
 * How components talk to the API server: every write and read goes through `handle`, so validation, admission
 * and optimistic concurrency apply to controllers as to any client, and each request is logged as an effect.
 */
import type { State } from "./state.ts";
import type { KObject } from "./objects/types.ts";
import type { ApiRequest } from "./apiserver/request.ts";
import { handle } from "./apiserver/handle.ts";
import { isStatus, type Status } from "./apiserver/status.ts";
import type { EffectLog } from "./effects.ts";

export interface ClientResult {
  readonly state: State;
  readonly result: KObject | Status;
}

function nameOf(req: ApiRequest): string | undefined {
  if ("name" in req) return req.name;
  if ("object" in req) return req.object?.metadata?.name || req.object?.metadata?.generateName;
  return undefined;
}

/** Sends one request as `client`, logging it. */
export function send(state: State, client: string, req: ApiRequest, log?: EffectLog): ClientResult {
  const existed = req.verb === "apply" && log ? handle(state, { verb: "get", resource: req.resource, ...(req.namespace ? { namespace: req.namespace } : {}), name: req.object?.metadata?.name ?? "" }) : undefined;
  const r = handle(state, req);
  if (log) {
    const name = nameOf(req);
    const ns = req.namespace ?? ("object" in req ? req.object?.metadata?.namespace : undefined);
    const created = req.verb === "create" || (existed !== undefined && isStatus(existed.result));
    const code = isStatus(r.result) ? r.result.code : created ? 201 : 200;
    log.push({
      kind: "request",
      client,
      verb: req.verb,
      resource: req.resource,
      ...(ns ? { namespace: ns } : {}),
      ...(name ? { name } : {}),
      code,
      ...(isStatus(r.result) ? { message: r.result.message } : {}),
    });
  }
  return r;
}
