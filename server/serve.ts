/**
 * `kubeprop serve` as a library call: the served cluster, its watch streams, the HTTP server on loopback (another
 * address only when asked), the real clock's ticker, the recorder and the kubeconfig. `startServe` resolves once
 * the server listens; `close()` ends every watch, writes the record a last time and stops.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { writeFileSync } from "node:fs";
import type { Kinds } from "../model/components/kinds.ts";
import type { Scenario } from "../model/scenario/types.ts";
import type { Invariant } from "../invariants/types.ts";
import { ServedCluster, type ClockMode } from "./served-cluster.ts";
import { WatchHub } from "./watch-hub.ts";
import { handler } from "./http.ts";
import { recorder, type Recorder } from "./record.ts";
import { kubeconfigYaml } from "./kubeconfig.ts";
import { httpStatus } from "./statuses.ts";

export interface ServeOptions {
  readonly scenario: Scenario;
  readonly kinds: Kinds;
  readonly invariants: readonly Invariant[];
  readonly clock: ClockMode;
  /** Default 127.0.0.1. */
  readonly address?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  readonly kubeconfig?: string;
  readonly record?: string;
  readonly strict?: boolean;
  /** How often the real clock lets time catch up with the wall clock, in ms (default 100). */
  readonly tickMs?: number;
  readonly maxWatches?: number;
  /** Steps of pending work run at a time between requests (default 2,000). */
  readonly sliceSteps?: number;
  /** Unread bytes a watch stream may hold before it is dropped (WatchHub maxBuffered; default 16 MiB). */
  readonly maxWatchBuffer?: number;
  readonly origin?: Readonly<Record<string, unknown>>;
  readonly log?: (line: string) => void;
}

export interface Served {
  readonly url: string;
  readonly cluster: ServedCluster;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startServe(opts: ServeOptions): Promise<Served> {
  const log = opts.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const cluster = new ServedCluster({ scenario: opts.scenario, kinds: opts.kinds, invariants: opts.invariants, clock: opts.clock, ...(opts.origin ? { origin: opts.origin } : {}), ...(opts.sliceSteps !== undefined ? { sliceSteps: opts.sliceSteps } : {}) });
  const hub = new WatchHub(cluster, {
    ...(opts.maxWatches !== undefined ? { maxWatches: opts.maxWatches } : {}),
    ...(opts.maxWatchBuffer !== undefined ? { maxBuffered: opts.maxWatchBuffer } : {}),
  });
  const rec: Recorder | undefined = opts.record ? recorder(opts.record, () => cluster.trace()) : undefined;
  rec?.flush();
  const started = performance.now();
  const wallSeconds = opts.clock === "real" ? () => (performance.now() - started) / 1000 : undefined;
  let reported = 0;
  const reportViolations = () => {
    for (const v of cluster.violations.slice(reported)) log(`violation of ${v.violation.invariant} at step ${v.step}: ${v.violation.message}`);
    reported = cluster.violations.length;
  };
  let closed = false;
  let pumping = false;
  let floodWarned = false;
  /**
   * Work left over from a slice runs in further slices between requests (setImmediate lets every waiting request
   * and watch in first), so a flood of work caused by one request never stalls the server.
   */
  const pump = () => {
    pumping = false;
    if (closed || !cluster.pending) return;
    try {
      cluster.settlePending();
    } catch (e) {
      log(`kubeprop bug while running pending work: ${(e as Error)?.stack ?? String(e)}`);
      return;
    }
    changed();
  };
  const changed = () => {
    reportViolations();
    rec?.changed();
    if (cluster.pending && !pumping && !closed) {
      if (!floodWarned) {
        floodWarned = true;
        log(`the cluster is not quiet after a slice of work: it goes on in slices between requests (steps so far: ${cluster.actions.length})`);
      }
      pumping = true;
      setImmediate(pump);
    }
  };
  const server = createServer(
    { requestTimeout: 0, keepAliveTimeout: 5_000 },
    handler({ cluster, hub, strict: opts.strict ?? false, log, changed, ...(wallSeconds ? { wallSeconds } : {}) }),
  );
  // A request Node's HTTP parser refuses never reaches the handler: answer it with a Status too (Node's default
  // answer has no body), then drop the connection, as its framing can no longer be trusted.
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || err.code === "ECONNRESET") return void socket.destroy();
    socket.end(clientErrorResponse(err.code));
  });
  // A burst of clients must not exhaust the process: connections beyond this wait in the kernel's backlog.
  server.maxConnections = 4_096;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 8080, opts.address ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  if (opts.kubeconfig) writeFileSync(opts.kubeconfig, kubeconfigYaml(url));
  // The starting cluster's own work may be more than one slice.
  changed();
  let ticker: ReturnType<typeof setInterval> | undefined;
  if (wallSeconds) {
    ticker = setInterval(() => {
      try {
        const r = cluster.tick(wallSeconds());
        if (r.steps > 0) changed();
      } catch (e) {
        log(`kubeprop bug while letting time pass: ${(e as Error)?.stack ?? String(e)}`);
      }
    }, opts.tickMs ?? 100);
  }
  return {
    url,
    cluster,
    server,
    async close() {
      if (closed) return;
      closed = true;
      if (ticker) clearInterval(ticker);
      hub.closeAll();
      rec?.flush();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The raw HTTP answer to a request the parser refused: 431 when the request line and headers are over Node's limit
 * (16 KiB by default: a 1 MB query string lands here; Go's net/http answers 431 over its 1 MiB), 400 otherwise (a
 * method Node does not know, broken framing). The Status reason is the nearest metav1 has.
 */
export function clientErrorResponse(code: string | undefined): string {
  const big = code === "HPE_HEADER_OVERFLOW";
  const st =
    big
      ? httpStatus(431, "RequestEntityTooLarge", "Request Header Fields Too Large: the request line and headers are over the server's limit")
      : httpStatus(400, "BadRequest", `malformed HTTP request (${code ?? "unknown parse error"})`);
  const body = JSON.stringify(st);
  const phrase = big ? "Request Header Fields Too Large" : "Bad Request";
  return `HTTP/1.1 ${big ? 431 : 400} ${phrase}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}
