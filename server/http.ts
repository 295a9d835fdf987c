/**
 * The HTTP front end of `kubeprop serve`: one Node http handler that answers the Kubernetes API paths from the
 * served cluster (server/served-cluster.ts), the discovery and OpenAPI documents (server/non-resource.ts), the
 * control API under /kubeprop/v1/ (server/control.ts), and watch streams (server/watch-hub.ts). Every answer is
 * JSON; every failure is a Kubernetes Status with its HTTP code. Nothing a client sends can crash the server: a
 * kubeprop bug while answering is a 500 Status naming it, and the server goes on.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KObject } from "../model/objects/types.ts";
import type { Status } from "../model/apiserver/status.ts";
import { isStatus } from "../model/apiserver/status.ts";
import { itemsOf } from "../model/client.ts";
import { get } from "../model/apiserver/read.ts";
import type { ApiRequest } from "../model/apiserver/request.ts";
import { rawPathProblem, requestInfo } from "./request-info.ts";
import { planRequest, type DeleteOptions } from "./api-request.ts";
import { mediaType, readBody } from "./body.ts";
import type { ServedCluster } from "./served-cluster.ts";
import type { WatchHub } from "./watch-hub.ts";
import { httpStatus, internalBug } from "./statuses.ts";
import { nonResource } from "./non-resource.ts";
import { control } from "./control.ts";
import { presentEvent, presentTable, tableContentType, tableVersion } from "./present.ts";

export interface HandlerContext {
  readonly cluster: ServedCluster;
  readonly hub: WatchHub;
  /** With --strict: a request after which a safety invariant is broken is answered 500, naming it. */
  readonly strict: boolean;
  /** One line per notable event (violations, budgets run out, bugs). */
  readonly log: (line: string) => void;
  /** Called after every request that may have changed the cluster (the recorder flushes from here). */
  readonly changed: () => void;
  /** Wall-clock reading for real-clock mode (seconds since start); undefined in manual mode. */
  readonly wallSeconds?: () => number;
}

/** The client a request comes from, for the recorded action: "user/kubectl" from kubectl's User-Agent. */
export function clientOf(req: IncomingMessage): string {
  const agent = (req.headers["user-agent"] ?? "").split(/[/ ]/)[0]!.toLowerCase().replace(/[^a-z0-9.-]/g, "");
  return agent ? `user/${agent}` : "user";
}

export function send(res: ServerResponse, code: number, body: unknown, contentType = "application/json"): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-cache, private" });
  res.end(text);
}

const sendStatus = (res: ServerResponse, st: Status): void => send(res, st.code, st);

/**
 * The answer's warnings as `Warning: 299 - "<text>"` headers, one each (k8s.io/apiserver/pkg/endpoints/filters
 * warning.go, net.NewWarningHeader: code 299, agent "-", the text quoted with `\` and `"` escaped). kubectl prints
 * each as `Warning: <text>`.
 */
export function setWarnings(res: ServerResponse, warnings: readonly string[] | undefined): void {
  if (!warnings || warnings.length === 0 || res.headersSent) return;
  res.setHeader("Warning", warnings.map((w) => `299 - "${w.replace(/[\\"]/g, (c) => `\\${c}`)}"`));
}

export function handler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    answer(ctx, req, res).catch((e: unknown) => {
      ctx.log(`kubeprop bug answering ${req.method} ${req.url}: ${(e as Error)?.stack ?? String(e)}`);
      sendStatus(res, internalBug((e as Error)?.message ?? String(e)));
    });
  };
}

async function answer(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = req.url ?? "/";
  // A path with "." or ".." segments or an escape that does not decode is refused before URL parsing resolves it
  // (request-info.ts rawPathProblem): ".../configmaps/.." must not become the namespace above.
  const problem = rawPathProblem(raw);
  if (problem) return sendStatus(res, httpStatus(400, "BadRequest", problem));
  // Joined to a base rather than resolved against it: "//api/v1/pods" is a path, not a host named "api".
  const url = new URL("http://kubeprop.invalid" + (raw.startsWith("/") ? raw : "/" + raw));
  const method = (req.method ?? "GET").toUpperCase();
  const body = await readBody(req);
  if (!body.ok && !body.pathDecides) return sendStatus(res, body.status);
  // Real clock: time catches up with the wall clock before every answer, so a client never sees a stale cluster.
  if (ctx.wallSeconds) ctx.cluster.tick(ctx.wallSeconds());
  if (url.pathname.startsWith("/kubeprop/")) {
    if (!body.ok) return sendStatus(res, body.status);
    const r = control(ctx.cluster, method, url, body.value, ctx.hub.size);
    ctx.changed();
    return send(res, r.code, r.body);
  }
  const info = requestInfo(url.pathname);
  if (!info.isResource) {
    const r = nonResource(ctx.cluster.state, method, url.pathname, req.headers.accept ?? "");
    if (r.contentType === "text/plain") {
      res.writeHead(r.code, { "Content-Type": "text/plain" });
      res.end(String(r.body));
      return;
    }
    return send(res, r.code, r.body, r.contentType);
  }
  if (!body.ok) {
    // A protobuf body of a kind kubeprop has no schema for: an unserved path is answered as for any body.
    const unserved = planRequest(ctx.cluster.state, info, method, url.searchParams, undefined, "application/json");
    return sendStatus(res, unserved.kind === "error" && unserved.status.code === 404 ? unserved.status : body.status);
  }
  const plan = planRequest(ctx.cluster.state, info, method, url.searchParams, body.value, mediaType(req.headers["content-type"]), body.duplicates);
  const accept = req.headers.accept ?? "";
  switch (plan.kind) {
    case "error":
      return sendStatus(res, plan.status);
    case "watch":
      return openWatch(ctx, req, res, plan.watch, accept, url.searchParams);
    case "deletecollection":
      return deleteCollection(ctx, req, res, plan.list, plan.options, plan.dryRun);
    case "api": {
      const r = ctx.cluster.request(clientOf(req), plan.request, { dryRun: plan.dryRun });
      ctx.changed();
      setWarnings(res, r.warnings);
      for (const v of r.violations) ctx.log(`violation of ${v.invariant} after ${method} ${url.pathname}: ${v.message}`);
      if (ctx.strict && r.violations.length > 0) {
        const v = r.violations[0]!;
        return sendStatus(res, httpStatus(500, "InternalError", `Internal error occurred: kubeprop --strict: the request broke the safety invariant ${v.invariant}: ${v.message}`));
      }
      if (isStatus(r.result)) return sendStatus(res, r.result);
      const left = remains(ctx, plan.request);
      const code = codeOf(plan.request.verb, left);
      const shown = plan.request.verb === "delete" && !left ? deletedAnswer(plan.request, r.result) : r.result;
      const table = tableVersion(accept);
      if (table && (plan.request.verb === "get" || plan.request.verb === "list") && !("subresource" in plan.request && plan.request.subresource !== undefined)) {
        return send(res, code, presentTable(ctx.cluster.state, plan.request.resource, shown, url.searchParams, table), tableContentType(table));
      }
      return send(res, code, shown);
    }
  }
}

/** 201 for a create, 202 for a delete that leaves the object terminating (handlers/delete.go), 200 otherwise. */
function codeOf(verb: string, remains: boolean): number {
  if (verb === "create") return 201;
  if (verb === "delete" && remains) return 202;
  return 200;
}

/** Whether the object a delete named is still stored (terminating: finalizers, a grace period) after the work it caused. */
function remains(ctx: HandlerContext, req: ApiRequest): boolean {
  if (req.verb !== "delete") return false;
  return !isStatus(get(ctx.cluster.state, req.resource, req.namespace, req.name).result);
}

/**
 * A delete that removed the object is answered with a Success Status naming it (the registry's
 * ReturnDeletedObject is false for built-in kinds, pkg/registry/generic/registry/store.go); one that left it
 * terminating, with the object.
 */
function deletedAnswer(req: ApiRequest, obj: KObject): KObject {
  const [plural, ...group] = req.resource.split(".");
  return {
    apiVersion: "v1",
    kind: "Status",
    metadata: {},
    status: "Success",
    details: { name: obj.metadata?.name, group: group.join("."), kind: plural, uid: obj.metadata?.uid },
  } as unknown as KObject;
}

function deleteCollection(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, listReq: Parameters<ServedCluster["request"]>[1], options: DeleteOptions, dryRun: boolean): void {
  const client = clientOf(req);
  const l = ctx.cluster.request(client, listReq).result;
  if (isStatus(l)) return sendStatus(res, l);
  const deleted: KObject[] = [];
  for (const o of itemsOf(l)) {
    const r = ctx.cluster.request(client, { verb: "delete", resource: listReq.resource, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name!, ...options }, { dryRun });
    if (isStatus(r.result)) {
      if (r.result.code === 404) continue;
      ctx.changed();
      return sendStatus(res, r.result);
    }
    deleted.push(r.result);
  }
  ctx.changed();
  send(res, 200, { ...l, items: deleted });
}

function openWatch(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, w: Parameters<WatchHub["open"]>[0], accept: string, q: URLSearchParams): void {
  const table = tableVersion(accept);
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    res.writeHead(200, { "Content-Type": table ? tableContentType(table) : "application/json", "Transfer-Encoding": "chunked", "Cache-Control": "no-cache, private" });
    res.flushHeaders();
  };
  const opened = ctx.hub.open(
    w,
    {
      write: (line) => {
        start();
        res.write(line);
      },
      buffered: () => res.writableLength,
      end: () => {
        start();
        res.end();
      },
      // An unresponsive client's connection is dropped, not ended: ending would keep its unread bytes queued.
      abort: () => res.destroy(),
    },
    (type, object, first) => (table && type !== "ERROR" ? presentEvent(ctx.cluster.state, w.resource, object as KObject, first, table, q) : object),
  );
  if ("code" in opened) return sendStatus(res, opened as Status);
  start();
  // A client that goes away mid-stream frees its watcher at once.
  req.socket.on("close", () => opened.close());
  res.on("close", () => opened.close());
}
