/**
 * The HTTP side of the serve load bench (bench/serve-load.ts): a client that times each request by verb, and a
 * watch stream that keeps every event it reads, with what checks a stream: resourceVersions strictly increasing
 * (none duplicated), and the objects it leaves when replayed over the list it started from.
 */
import { Agent, request } from "node:http";

export interface Answer {
  readonly code: number;
  readonly json: any;
}

/** Latencies in ms, by verb. */
export class Latencies {
  readonly byVerb = new Map<string, number[]>();

  add(verb: string, ms: number): void {
    let a = this.byVerb.get(verb);
    if (!a) this.byVerb.set(verb, (a = []));
    a.push(ms);
  }

  /** p50 and p99 (nearest rank) per verb, with the count, rounded to 0.01 ms. */
  summary(): Record<string, { count: number; p50: number; p99: number; max: number }> {
    const out: Record<string, { count: number; p50: number; p99: number; max: number }> = {};
    const rank = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
    const r2 = (x: number) => Math.round(x * 100) / 100;
    for (const [verb, a] of [...this.byVerb].sort(([x], [y]) => x.localeCompare(y))) {
      const s = [...a].sort((x, y) => x - y);
      out[verb] = { count: s.length, p50: r2(rank(s, 50)), p99: r2(rank(s, 99)), max: r2(s[s.length - 1]!) };
    }
    return out;
  }
}

/** One client: one keep-alive connection, requests one at a time as client-go's would on one goroutine. */
export class LoadClient {
  readonly #url: URL;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  readonly #lat: Latencies;

  constructor(base: string, lat: Latencies) {
    this.#url = new URL(base);
    this.#lat = lat;
  }

  send(verb: string, method: string, path: string, body?: unknown, contentType = "application/json"): Promise<Answer> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.#url.hostname, port: this.#url.port, method, path, agent: this.#agent, headers: { "Content-Type": contentType, "User-Agent": "serve-load/1", ...(text ? { "Content-Length": Buffer.byteLength(text) } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            this.#lat.add(verb, performance.now() - t0);
            const s = Buffer.concat(chunks).toString("utf8");
            resolve({ code: res.statusCode!, json: s ? JSON.parse(s) : undefined });
          });
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
      req.on("error", reject);
      req.end(text);
    });
  }

  /**
   * A short watch (the "watch" verb of the load): opens it, waits for the first event, closes it. The latency is the
   * time from the request to the first event.
   */
  firstEvent(path: string): Promise<any> {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const req = request({ host: this.#url.hostname, port: this.#url.port, path, agent: false }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`watch ${path}: HTTP ${res.statusCode}`));
        let buf = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          buf += c;
          const i = buf.indexOf("\n");
          if (i < 0) return;
          this.#lat.add("watch", performance.now() - t0);
          req.destroy();
          resolve(JSON.parse(buf.slice(0, i)));
        });
        res.on("error", () => {});
        res.on("end", () => reject(new Error(`watch ${path}: ended before any event`)));
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`watch ${path}: no event in 30 s`)));
      req.on("error", (e) => (req.destroyed && isOwnAbort(e) ? undefined : reject(e)));
      req.end();
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** An error from destroying a request we are done with is not a failure. */
const isOwnAbort = (e: Error): boolean => /socket hang up|aborted/.test(e.message);

export interface WatchEvent {
  readonly type: string;
  readonly object: any;
}

/** A long watch stream: every event it reads, kept for the checks at the end. */
export class WatchStream {
  readonly name: string;
  readonly path: string;
  readonly events: WatchEvent[] = [];
  #destroy: () => void = () => {};
  ended = false;

  constructor(name: string, path: string) {
    this.name = name;
    this.path = path;
  }

  /** Opens the stream; resolves once the server answered 200 (the watcher is registered). */
  open(base: string): Promise<void> {
    const u = new URL(base);
    return new Promise((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path: this.path, agent: false }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`watch ${this.name}: HTTP ${res.statusCode}`));
        let buf = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          buf += c;
          let i;
          while ((i = buf.indexOf("\n")) >= 0) {
            this.events.push(JSON.parse(buf.slice(0, i)));
            buf = buf.slice(i + 1);
          }
        });
        res.on("error", () => {});
        res.on("end", () => (this.ended = true));
        resolve();
      });
      req.on("error", (e) => (req.destroyed ? undefined : reject(e)));
      this.#destroy = () => req.destroy();
      req.end();
    });
  }

  close(): void {
    this.#destroy();
  }

  /** The first place the resourceVersions do not strictly increase (a duplicate, or out of order), or undefined. */
  orderProblem(): string | undefined {
    let last = -1;
    for (const [i, e] of this.events.entries()) {
      const rv = Number(e.object?.metadata?.resourceVersion);
      if (!(rv > last)) return `event ${i} (${e.type} ${keyOf(e.object)}) has resourceVersion ${rv} after ${last}`;
      last = rv;
    }
    return undefined;
  }

  /** The objects (key → resourceVersion) the events leave when replayed, informer-style, over `initial`. */
  replay(initial: ReadonlyMap<string, string>): Map<string, string> {
    const m = new Map(initial);
    for (const e of this.events) {
      if (e.type === "DELETED") m.delete(keyOf(e.object));
      else m.set(keyOf(e.object), e.object.metadata.resourceVersion);
    }
    return m;
  }
}

export const keyOf = (o: any): string => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;

/** key → resourceVersion of a list answer's items. */
export const itemsByKey = (list: any): Map<string, string> => new Map((list.items as any[]).map((o) => [keyOf(o), o.metadata.resourceVersion as string]));

/** The differences between two key → resourceVersion maps, at most `max` of them, for a report. */
export function mapDiff(want: ReadonlyMap<string, string>, got: ReadonlyMap<string, string>, max = 5): string[] {
  const out: string[] = [];
  for (const [k, v] of want) if (got.get(k) !== v) out.push(`${k}: want rv ${v}, got ${got.get(k) ?? "nothing"}`);
  for (const [k, v] of got) if (!want.has(k)) out.push(`${k}: not wanted, got rv ${v}`);
  return out.slice(0, max);
}
