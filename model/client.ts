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
import { btreeGet } from "./collections/btree.ts";

export interface ClientResult {
  readonly state: State;
  readonly result: KObject | Status;
  /** The answer's warnings (ApiResult.warnings). */
  readonly warnings?: readonly string[];
}

function nameOf(req: ApiRequest): string | undefined {
  if ("name" in req) return req.name;
  if ("object" in req) return req.object?.metadata?.name || req.object?.metadata?.generateName;
  return undefined;
}

/** Sends one request as `client`, logging it. */
/**
 * Whether a client can reach the API server: a kubelet on a crashed or partitioned machine cannot (its requests
 * fail with a connection error and change nothing).
 */
export function reachable(state: State, client: string): boolean {
  if (!client.startsWith("kubelet/")) return true;
  const m = btreeGet(state.world.machines, client.slice("kubelet/".length));
  return m === undefined || (m.up && !m.partitioned);
}

const unreachable = (client: string): Status => ({
  apiVersion: "v1",
  kind: "Status",
  metadata: {},
  status: "Failure",
  message: `${client}: dial tcp: connect: connection refused (the API server is unreachable)`,
  reason: "ServiceUnavailable",
  code: 503,
});

export function send(state: State, client: string, req: ApiRequest, log?: EffectLog): ClientResult {
  if (!reachable(state, client)) {
    const st = unreachable(client);
    log?.push({ kind: "request", client, verb: req.verb, resource: req.resource, code: 503, message: st.message });
    return { state, result: st };
  }
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

/**
 * What a controller's sync threads through its requests: the state, which every answer moves on; the component,
 * whose id names the client; the effect log. One sync holds one and reads like the Go code's sequence of client
 * calls, while the reconcile stays pure from the outside.
 */
export interface RequestContext {
  state: State;
  readonly c: { readonly id: string };
  readonly log: EffectLog;
}

/** Sends `req` as the context's component and moves ctx.state on; returns the answer (object, list or Status). */
export function callApi(ctx: RequestContext, req: ApiRequest): KObject | Status {
  const r = send(ctx.state, ctx.c.id, req, ctx.log);
  ctx.state = r.state;
  return r.result;
}

/** The objects of a list answer (a List kind: KObject does not declare `items`). */
export const itemsOf = (list: KObject): readonly KObject[] => (list as unknown as { items: readonly KObject[] }).items;
