/**
 * A controller written against kubeprop's controller API (controller/types.ts) run as a plain Node process against
 * a real API server (or `kubeprop serve`), with the real @kubernetes/client-node: the same module object the model
 * runs, nothing changed but how the client is made.
 *
 * - ctx.client: client-node's KubernetesObjectApi (which maps a kind to its resource by the server's discovery),
 *   its answers and errors made to look as the model's do (controller/client-node.ts), its arguments copied (the
 *   model's worker copies them too, so a request never changes the caller's object).
 * - ctx.cache: one client-node informer (makeInformer: list, then watch) per watched kind, read as JSON copies.
 * - Each informer event enqueues keys as the model's user-controller kind does (controller/enqueue.ts): the
 *   object's own key, its controlling owner's, or what the watch's handler returns for the event.
 * - A work queue as controller-runtime's (controller/work-queue.ts): a key is reconciled by one worker at a time;
 *   a reconcile that throws is requeued after the key's exponential back-off, a success forgets it.
 * - Workers start once every informer has listed (controller-runtime waits for its caches to sync).
 * - A pure reconciler (controller/reconciler.ts, defineReconciler) is given the cache and its requests are sent
 *   one by one, the first failure failing the reconcile, as the model's worker runs it.
 * - ctx.memory lives in the process: a reconcile is given a copy, kept when it returns and dropped when it throws
 *   (as the model keeps a run's memory only when it is done). With several workers, reconciles of different keys
 *   run at once and the last to finish sets the memory; the model runs one reconcile at a time.
 */
import type { KubeConfig, KubernetesObject as ClientNodeObject } from "@kubernetes/client-node";
import type { ControllerDefinition, KubernetesObject, ObjectCache, ObjectClient, ReconcileContext, Watch, WatchEventOf } from "./types.ts";
import { asApiException, loadClientNode, plainJson, type ClientNode } from "./client-node.ts";
import { declaredKeys, definitionProblem, handlerKeys, objectKey, watchedPath, watchedResource } from "./enqueue.ts";
import { WorkQueue } from "./work-queue.ts";
import { RECONCILER_MARK, type ReconcilerDefinition, type ReconcileRequest } from "./reconciler.ts";

/**
 * client-node's KubeConfig, typed by what shows it is one: kubeprop's declarations do not name client-node, so a
 * project that never runs a controller outside kubeprop type-checks without it installed.
 */
export interface KubeConfigLike {
  getCurrentCluster(): { readonly server: string } | null;
}

export interface RunControllerOptions {
  /** client-node's KubeConfig, loaded (loadFromDefault, loadFromFile, loadFromOptions). */
  readonly kubeConfig: KubeConfigLike;
  /** Reconciles at once (controller-runtime's MaxConcurrentReconciles; default 1). */
  readonly workers?: number;
  /** Aborting it stops the controller (as `stop()` does). */
  readonly signal?: AbortSignal;
  /** Where the controller's lines go (default: stderr). */
  readonly log?: (line: string) => void;
  /** How long an informer whose list or watch failed waits before it lists again, in ms (default 1000). */
  readonly retryMs?: number;
}

export interface RunningController {
  /** Resolves once every informer has listed and the workers have started. */
  readonly synced: Promise<void>;
  /** Resolves once the controller has stopped (its informers closed, its workers done). */
  readonly stopped: Promise<void>;
  /** Reconciles that ended, by outcome: a test or a log can follow the controller's progress. */
  readonly counts: { readonly done: number; readonly failed: number };
  /** Stops the informers, the queue and the workers (a reconcile in flight is let finish). */
  stop(): Promise<void>;
}

/** The methods of ObjectClient (client-node's KubernetesObjectApi), and which take an object first. */
const CLIENT_METHODS = ["create", "read", "patch", "replace", "delete", "list"] as const;

/** A pure reconciler as an async reconcile: its requests sent in order, the first failure ending it. */
function asyncReconcile(def: ReconcilerDefinition): ControllerDefinition["reconcile"] {
  return async (key, { client, cache }) => {
    const requests = def.reconcile(key, cache) as readonly ReconcileRequest[];
    if (!Array.isArray(requests)) throw new Error("the reconciler returned something other than a list of requests");
    for (const r of requests) {
      if (r.verb === "create") await client.create(r.object);
      else if (r.verb === "replace") await client.replace(r.object);
      else if (r.verb === "patch") await client.patch(r.object, undefined, undefined, undefined, undefined, r.strategy ?? "application/merge-patch+json");
      else if (r.verb === "delete") await client.delete(r.object);
      else throw new Error(`unknown verb ${JSON.stringify((r as { verb?: unknown }).verb)}`);
    }
  };
}

/** Thrown for a definition that cannot run: the one line a user needs. */
export class ControllerDefinitionError extends Error {
  override name = "ControllerDefinitionError";
}

/** ctx.client: client-node's object API, as the model's client answers (JSON values, kubeprop's ApiException). */
function objectClient(k8s: ClientNode, kubeConfig: KubeConfig): ObjectClient {
  const api = k8s.KubernetesObjectApi.makeApiClient(kubeConfig) as unknown as Record<(typeof CLIENT_METHODS)[number], (...args: unknown[]) => Promise<unknown>>;
  const client: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of CLIENT_METHODS) {
    client[method] = async (...args: unknown[]) => {
      // The model's worker sends a copy of the arguments; client-node would set a missing apiVersion and
      // namespace on the caller's own object.
      const copied = method === "list" ? args : [plainJson(args[0]), ...args.slice(1)];
      try {
        return plainJson(await api[method](...copied));
      } catch (e) {
        throw asApiException(e);
      }
    };
  }
  return client as unknown as ObjectClient;
}

interface WatchedKind {
  readonly watch: Watch;
  readonly resource: string;
  readonly informer: ReturnType<ClientNode["makeInformer"]>;
  /** Resolves once the informer's first list is in its cache (and its adds are enqueued). */
  readonly listed: Promise<void>;
  /** The last object seen under each key: client-node's update and delete handlers are not given the old one. */
  readonly last: Map<string, KubernetesObject>;
}

/**
 * Runs a controller against the cluster the KubeConfig names until stopped (or the signal aborts). Resolves once
 * its informers are started; `synced` says when they have listed.
 */
export async function runController(def: ControllerDefinition, opts: RunControllerOptions): Promise<RunningController> {
  const problem = definitionProblem(def) ?? (typeof def.reconcile === "function" ? undefined : "the controller has no reconcile function");
  if (problem !== undefined) throw new ControllerDefinitionError(problem);
  const reconcile = (def as { [RECONCILER_MARK]?: boolean })[RECONCILER_MARK] === true ? asyncReconcile(def as unknown as ReconcilerDefinition) : def.reconcile.bind(def);
  const k8s = await loadClientNode();
  const kubeConfig = opts.kubeConfig as KubeConfig;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const say = (line: string) => log(`controller/${def.name}: ${line}`);
  const retryMs = opts.retryMs ?? 1000;
  const queue = new WorkQueue();
  const client = objectClient(k8s, kubeConfig);
  const listApi = k8s.KubernetesObjectApi.makeApiClient(kubeConfig);
  const counts = { done: 0, failed: 0 };
  let stopping = false;

  const enqueue = (w: Watch, event: WatchEventOf) => {
    const how = w.enqueue ?? "self";
    let keys: string[];
    if (typeof how === "function") {
      let returned: unknown;
      try {
        returned = how(plainJson(event));
      } catch (e) {
        say(`the handler of ${w.kind} threw, nothing enqueued: ${String((e as Error)?.message ?? e).split("\n")[0]}`);
        return;
      }
      const r = handlerKeys(returned);
      if ("error" in r) {
        say(`the handler of ${w.kind} ${r.error}, nothing enqueued`);
        return;
      }
      keys = r.keys;
    } else keys = declaredKeys(how, event.object as Parameters<typeof declaredKeys>[1]);
    for (const k of keys) queue.add(k);
  };

  const kinds: WatchedKind[] = def.watches.map((watch) => {
    let markListed!: () => void;
    const listed = new Promise<void>((resolve) => (markListed = resolve));
    const informer = k8s.makeInformer<ClientNodeObject>(kubeConfig, watchedPath(watch), async () => {
      const list = await listApi.list(watch.apiVersion, watch.kind, watch.namespace);
      // The informer puts the list in its cache right after this resolves, in the same macrotask.
      setImmediate(markListed);
      return list;
    });
    const kind: WatchedKind = { watch, resource: watchedResource(watch), informer, listed, last: new Map() };
    const event = (type: WatchEventOf["type"]) => (raw: ClientNodeObject) => {
      const object = plainJson(raw) as KubernetesObject;
      const key = objectKey(object as Parameters<typeof objectKey>[0]);
      const oldObject = kind.last.get(key);
      if (type === "DELETED") kind.last.delete(key);
      else kind.last.set(key, object);
      enqueue(watch, { type, object, ...(type === "ADDED" ? {} : { oldObject: oldObject ?? object }) });
    };
    informer.on("add", event("ADDED"));
    informer.on("update", event("MODIFIED"));
    informer.on("delete", event("DELETED"));
    // client-node's informer stops on an error (a refused connection, a failed list): it is started again, as
    // client-go's reflector relists after a back-off.
    informer.on("error", (err: unknown) => {
      if (stopping) return;
      say(`informer ${kind.resource}: ${String((err as Error)?.message ?? err).split("\n")[0]}; listing again in ${retryMs} ms`);
      setTimeout(() => {
        if (!stopping) void informer.start();
      }, retryMs).unref();
    });
    return kind;
  });

  const byKind = (apiVersion: string, kind: string) => kinds.find((k) => k.watch.apiVersion === apiVersion && k.watch.kind === kind);
  const cache: ObjectCache = {
    get<T extends KubernetesObject>(apiVersion: string, kind: string, name: string, namespace?: string): T | undefined {
      return plainJson(byKind(apiVersion, kind)?.informer.get(name, namespace)) as T | undefined;
    },
    list<T extends KubernetesObject>(apiVersion: string, kind: string, namespace?: string): T[] {
      return plainJson(byKind(apiVersion, kind)?.informer.list(namespace) ?? []) as T[];
    },
  };

  let memory: Record<string, unknown> = {};
  const reconcileOne = async (key: string) => {
    const ctx: ReconcileContext = { client, cache, memory: plainJson(memory) };
    try {
      // Inside a promise, so a reconcile that throws before its first await (or is not async) fails the same.
      await new Promise<void>((settle) => settle(reconcile(key, ctx)));
      memory = ctx.memory;
      queue.forget(key);
      counts.done++;
    } catch (e) {
      const delay = queue.addRateLimited(key);
      counts.failed++;
      say(`reconcile ${key}: error (requeued after ${delay} s): ${String((e as Error)?.message ?? e).split("\n")[0]}`);
    }
  };
  const worker = async () => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        await reconcileOne(key);
      } finally {
        queue.done(key);
      }
    }
  };

  let workers: Promise<void>[] = [];
  let stopped!: () => void;
  const stoppedPromise = new Promise<void>((r) => (stopped = r));
  const synced = (async () => {
    for (const k of kinds) k.informer.start().catch((e: unknown) => say(`informer ${k.resource}: ${String((e as Error)?.message ?? e).split("\n")[0]}`));
    await Promise.race([Promise.all(kinds.map((k) => k.listed)), stoppedPromise]);
    if (stopping) return;
    workers = Array.from({ length: Math.max(1, opts.workers ?? 1) }, () => worker());
    say(`started: ${kinds.map((k) => k.resource).join(", ")} listed, ${workers.length} worker${workers.length === 1 ? "" : "s"}`);
  })();

  const stop = async () => {
    if (stopping) return stoppedPromise;
    stopping = true;
    queue.shutDown();
    await Promise.all(kinds.map((k) => k.informer.stop()));
    await Promise.all(workers);
    stopped();
    return stoppedPromise;
  };
  if (opts.signal) {
    if (opts.signal.aborted) void stop();
    else opts.signal.addEventListener("abort", () => void stop(), { once: true });
  }
  return { synced, stopped: stoppedPromise, counts, stop };
}
