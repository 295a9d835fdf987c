/**
 * Watch streams: every open `?watch=true` request, fed from the model's watch (model/apiserver/watch.ts) each time
 * the served cluster changes. As the API server's watch cache serves them
 * (k8s.io/apiserver/pkg/storage/cacher/cacher.go, cache_watcher.go):
 * - resourceVersion "" or "0": the current objects first, as ADDED events, then every change after them;
 * - resourceVersion N: the changes after N; below the compaction point, one ERROR event with a 410 Expired
 *   Status and the end of the stream (cacher's error watcher), so the client lists again;
 * - a resourceVersion ahead of the store: 504 "Too large resource version" before the stream starts;
 * - the stream ends after timeoutSeconds (default 30 minutes, upstream's --min-request-timeout order of magnitude).
 * A watcher that does not read (its socket buffer over `maxBuffered`) is closed, as the cacher closes a watcher
 * it cannot feed ("Forcing watcher close due to unresponsiveness"): memory stays bounded whatever clients do.
 */
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import type { Status } from "../model/apiserver/status.ts";
import { watch, type WatchEvent } from "../model/apiserver/watch.ts";
import { list } from "../model/apiserver/read.ts";
import { isStatus } from "../model/apiserver/status.ts";
import type { ServedCluster } from "./served-cluster.ts";
import type { WatchRequest } from "./api-request.ts";
import { badParameter, tooLargeResourceVersion, tooManyRequests } from "./statuses.ts";

/** Where a watch's events go (an HTTP response in server/http.ts, an array in tests). */
export interface WatchSink {
  /** Writes one event line; false when the sink's buffer is full. */
  write(line: string): void;
  /** Bytes written but not yet taken by the client. */
  buffered(): number;
  end(): void;
  /** Drops the stream at once, its unread bytes with it (a client that does not read); end() when absent. */
  abort?(): void;
}

export type EventType = WatchEvent["type"] | "ERROR" | "BOOKMARK";
/** How an event's object is written (the object itself, or a Table row for kubectl get --watch). */
export type EncodeEvent = (type: EventType, object: KObject | Status, first: boolean) => unknown;

export interface WatchHubOptions {
  /** Concurrent watches allowed (more: 429). Default 10,000. */
  readonly maxWatches?: number;
  /** A watcher whose unread bytes pass this is closed. Default 16 MiB. */
  readonly maxBuffered?: number;
  /** Default stream length, in seconds, when the client gives no timeoutSeconds. Default 1800. */
  readonly defaultTimeoutSeconds?: number;
  /** Timers (injected so tests need not wait). */
  readonly setTimer?: (f: () => void, ms: number) => { cancel(): void };
}

interface Watcher {
  readonly req: WatchRequest;
  readonly sink: WatchSink;
  readonly encode: EncodeEvent;
  since: number;
  first: boolean;
  closed: boolean;
  readonly timer: { cancel(): void };
}

export class WatchHub {
  readonly #cluster: ServedCluster;
  readonly #watchers = new Set<Watcher>();
  readonly #opts: Required<WatchHubOptions>;

  constructor(cluster: ServedCluster, opts: WatchHubOptions = {}) {
    this.#cluster = cluster;
    this.#opts = {
      maxWatches: opts.maxWatches ?? 10_000,
      maxBuffered: opts.maxBuffered ?? 16 * 1024 * 1024,
      defaultTimeoutSeconds: opts.defaultTimeoutSeconds ?? 1800,
      setTimer:
        opts.setTimer ??
        ((f, ms) => {
          const t = setTimeout(f, ms);
          t.unref?.();
          return { cancel: () => clearTimeout(t) };
        }),
    };
    cluster.subscribe((state) => this.#publish(state));
  }

  get size(): number {
    return this.#watchers.size;
  }

  /**
   * Opens a watch. Answers a Status instead when it cannot start (the HTTP side then answers it with its code,
   * no stream); otherwise the initial events are written at once and a closer returned.
   */
  open(req: WatchRequest, sink: WatchSink, encode: EncodeEvent): Status | { close(): void } {
    if (this.#watchers.size >= this.#opts.maxWatches) return tooManyRequests(`too many concurrent watches (limit ${this.#opts.maxWatches})`);
    const state = this.#cluster.state;
    const rv = req.resourceVersion;
    let since: number;
    const initial: KObject[] = [];
    if (rv === "" || rv === "0") {
      const l = list(state, req.resource, req.namespace, req.labelSelector, req.fieldSelector).result;
      if (isStatus(l)) return l;
      initial.push(...(l as unknown as { items: KObject[] }).items);
      since = state.store.revision;
    } else {
      if (!/^\d+$/.test(rv)) return badParameter("resourceVersion", rv, "must be a non-negative integer");
      since = Number(rv);
      if (since > state.store.revision) return tooLargeResourceVersion(since, state.store.revision);
    }
    const timeout = req.timeoutSeconds ?? this.#opts.defaultTimeoutSeconds;
    const w: Watcher = { req, sink, encode, since, first: true, closed: false, timer: this.#opts.setTimer(() => this.#close(w), timeout * 1000) };
    this.#watchers.add(w);
    for (const o of initial) this.#send(w, "ADDED", o);
    this.#feed(w, state);
    return { close: () => this.#close(w) };
  }

  /** Ends every stream (the server is shutting down). */
  closeAll(): void {
    for (const w of [...this.#watchers]) this.#close(w);
  }

  #publish(state: State): void {
    for (const w of [...this.#watchers]) this.#feed(w, state);
  }

  #feed(w: Watcher, state: State): void {
    if (w.closed || state.store.revision <= w.since) return;
    const r = watch(state, w.req.resource, w.since, {
      ...(w.req.namespace !== undefined ? { namespace: w.req.namespace } : {}),
      ...(w.req.labelSelector ? { labelSelector: w.req.labelSelector } : {}),
      ...(w.req.fieldSelector ? { fieldSelector: w.req.fieldSelector } : {}),
    });
    if (!r.ok) {
      this.#send(w, "ERROR", r.status);
      this.#close(w);
      return;
    }
    for (const ev of r.events) this.#send(w, ev.type, ev.object);
    w.since = r.revision;
  }

  #send(w: Watcher, type: EventType, object: KObject | Status): void {
    if (w.closed) return;
    w.sink.write(JSON.stringify({ type, object: w.encode(type, object, w.first) }) + "\n");
    w.first = false;
    if (w.sink.buffered() > this.#opts.maxBuffered) this.#close(w, true);
  }

  #close(w: Watcher, unresponsive = false): void {
    if (w.closed) return;
    w.closed = true;
    w.timer.cancel();
    this.#watchers.delete(w);
    if (unresponsive && w.sink.abort) w.sink.abort();
    else w.sink.end();
  }
}
