/**
 * Load on `kubeprop serve` (issue 16, "Reliability and security"): N concurrent clients (default 16) on loopback
 * create, get, patch, list, watch and delete ConfigMaps (and some Pods and Deployments) for a fixed count of
 * requests, against `startServe` with the manual clock and once with the real clock, while long watch streams
 * with different namespaces and selectors read along. Reports requests/s and p50/p99 latency per verb, the heap
 * before and after (with --expose-gc, so a watcher that is not freed shows), and checks that nothing was lost:
 * - every acknowledged write is in the store (each ConfigMap at the resourceVersion its last write answered, each
 *   acknowledged delete gone), and every list a client made held its own ConfigMaps exactly (read your writes);
 * - every watch stream saw every event it should, in strictly increasing resourceVersion order, none missing or
 *   duplicated: the ConfigMap streams exactly the events the acknowledged writes imply (per object: ADDED at the
 *   create's resourceVersion, MODIFIED at the patch's, then DELETED), and every stream, replayed over the list it
 *   started from, leaves the objects a final list shows.
 * Anything lost fails the run (`lost` > 0; non-zero exit). Clients and server share this process (the figures
 * include the clients' own cost).
 *
 * `npm run bench` runs it (group "serve", bench/run.ts); `npm run bench:serve` runs it alone and writes
 * bench/results/serve-load.json (--quick: fewer clients and requests; --clients N, --requests N, --out FILE).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { servedCluster } from "../server/default-cluster.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import { KUBEPROP_KINDS } from "../controller/kinds.ts";
import type { ClockMode } from "../server/served-cluster.ts";
import { startServe, type Served } from "../server/serve.ts";
import { heapMB, type BenchResult } from "./harness.ts";
import { itemsByKey, keyOf, Latencies, LoadClient, mapDiff, WatchStream } from "./serve-load-client.ts";

export interface LoadOptions {
  readonly clients: number;
  readonly requests: number;
  readonly clock: ClockMode;
}

export interface LoadResult extends BenchResult {
  readonly clients: number;
  readonly clock: ClockMode;
  readonly latencyMs: ReturnType<Latencies["summary"]>;
  readonly heapMB: { readonly before: number; readonly afterLoad: number; readonly afterWatchesClosed: number; readonly afterClose: number };
  readonly watchesOpenAfterClose: number;
  readonly watchStreams: readonly { readonly name: string; readonly events: number }[];
  readonly lost: number;
  readonly problems: readonly string[];
}


const NAMESPACES = 4;
const nsOf = (client: number) => `load-${client % NAMESPACES}`;
const CM = (ns: string) => `/api/v1/namespaces/${ns}/configmaps`;
const MERGE = "application/merge-patch+json";

/** What the acknowledged writes of one ConfigMap imply: its events, and whether it is there at the end. */
interface Acked {
  readonly ns: string;
  readonly labels: Readonly<Record<string, string>>;
  /** "ADDED@rv", "MODIFIED@rv", "DELETED". */
  readonly events: string[];
  rv: string | undefined;
}

/** The run's shared book: tickets (the fixed count of requests) and what was acknowledged. */
class Book {
  #left: number;
  readonly acked = new Map<string, Acked>();
  readonly pods: { key: string; rv: string; deleted: boolean }[] = [];
  readonly problems: string[] = [];
  lost = 0;

  constructor(requests: number) {
    this.#left = requests;
  }

  take(): boolean {
    return this.#left-- > 0;
  }

  lose(why: string): void {
    this.lost++;
    if (this.problems.length < 50) this.problems.push(why);
  }
}

const deployment = (name: string, labels: Record<string, string>) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, labels },
  spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } } },
});

const pod = (name: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } });

/** One client's loop: its own ConfigMaps in its namespace, until the tickets run out. */
async function runClient(i: number, c: LoadClient, book: Book): Promise<void> {
  const ns = nsOf(i);
  const mine = new Map<string, string>(); // name → rv of my live ConfigMaps
  const expect = (what: string, code: number, ok: number[]): boolean => {
    if (ok.includes(code)) return true;
    book.lose(`client ${i}: ${what} answered ${code}`);
    return false;
  };
  for (let k = 0; ; k++) {
    const name = `c${i}-${k}`;
    const key = `${ns}/${name}`;
    const labels = { client: String(i), parity: k % 2 === 0 ? "even" : "odd" };
    if (!book.take()) return;
    const cr = await c.send("create", "POST", CM(ns), { apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels }, data: { k: String(k) } });
    if (!expect(`create ${key}`, cr.code, [201])) continue;
    const a: Acked = { ns, labels, events: [`ADDED@${cr.json.metadata.resourceVersion}`], rv: cr.json.metadata.resourceVersion };
    book.acked.set(key, a);
    mine.set(name, a.rv!);

    if (!book.take()) return;
    const g = await c.send("get", "GET", `${CM(ns)}/${name}`);
    if (expect(`get ${key}`, g.code, [200]) && g.json.metadata.resourceVersion !== a.rv) book.lose(`client ${i}: get ${key} read rv ${g.json.metadata.resourceVersion} after writing ${a.rv}`);

    if (!book.take()) return;
    const p = await c.send("patch", "PATCH", `${CM(ns)}/${name}`, { data: { k: String(k), patched: "yes" } }, MERGE);
    if (expect(`patch ${key}`, p.code, [200])) {
      a.rv = p.json.metadata.resourceVersion;
      a.events.push(`MODIFIED@${a.rv}`);
      mine.set(name, a.rv!);
    }

    if (k % 4 === 0) {
      // The watch verb: from just before the patch, the first event must be that patch.
      if (!book.take()) return;
      const ev = await c.firstEvent(`${CM(ns)}?watch=true&resourceVersion=${Number(a.rv) - 1}&fieldSelector=metadata.name%3D${name}&timeoutSeconds=30`);
      if (ev.type !== "MODIFIED" || ev.object.metadata.resourceVersion !== a.rv) book.lose(`client ${i}: a watch of ${key} from ${Number(a.rv) - 1} began with ${ev.type} at ${ev.object?.metadata?.resourceVersion}`);
    }

    if (k % 3 === 0) {
      if (!book.take()) return;
      const d = await c.send("delete", "DELETE", `${CM(ns)}/${name}`);
      if (expect(`delete ${key}`, d.code, [200])) {
        a.rv = undefined;
        a.events.push("DELETED");
        mine.delete(name);
      }
    }

    if (!book.take()) return;
    const l = await c.send("list", "GET", `${CM(ns)}?labelSelector=client%3D${i}`);
    if (expect(`list ${ns}`, l.code, [200])) {
      const got = new Map((l.json.items as any[]).map((o) => [o.metadata.name as string, o.metadata.resourceVersion as string]));
      for (const d of mapDiff(mine, got, 1)) book.lose(`client ${i}: its list of ${ns} is not what it wrote: ${d}`);
    }

    if (k % 10 === 5) {
      // A bare pod, scheduled by the model's scheduler, then deleted at once (grace 0: gone from the store).
      const pn = `p${i}-${k}`;
      if (!book.take()) return;
      const pc = await c.send("create", "POST", `/api/v1/namespaces/${ns}/pods`, pod(pn));
      if (!expect(`create pod ${ns}/${pn}`, pc.code, [201])) continue;
      const rec = { key: `${ns}/${pn}`, rv: pc.json.metadata.resourceVersion as string, deleted: false };
      book.pods.push(rec);
      if (!book.take()) return;
      const pd = await c.send("delete", "DELETE", `/api/v1/namespaces/${ns}/pods/${pn}?gracePeriodSeconds=0`);
      if (expect(`delete pod ${ns}/${pn}`, pd.code, [200])) rec.deleted = true;
    }

    if (k % 25 === 10) {
      // A Deployment: its controllers make a ReplicaSet and a pod before the answer; deleted in the background.
      const dn = `d${i}-${k}`;
      if (!book.take()) return;
      const dc = await c.send("create", "POST", `/apis/apps/v1/namespaces/${ns}/deployments`, deployment(dn, labels));
      if (!expect(`create deployment ${ns}/${dn}`, dc.code, [201])) continue;
      if (!book.take()) return;
      const dd = await c.send("delete", "DELETE", `/apis/apps/v1/namespaces/${ns}/deployments/${dn}?propagationPolicy=Background`);
      expect(`delete deployment ${ns}/${dn}`, dd.code, [200, 202]);
    }
  }
}

/** The long watch streams: different resources, namespaces and selectors. */
function streams(rv: string): { stream: WatchStream; list: string; cm?: (a: Acked) => boolean }[] {
  const w = (name: string, path: string, q: string) => new WatchStream(name, `${path}?watch=true&resourceVersion=${rv}${q}`);
  return [
    { stream: w("configmaps, all namespaces", "/api/v1/configmaps", ""), list: "/api/v1/configmaps", cm: () => true },
    { stream: w("configmaps in load-0", CM("load-0"), ""), list: CM("load-0"), cm: (a) => a.ns === "load-0" },
    { stream: w("configmaps parity=even", "/api/v1/configmaps", "&labelSelector=parity%3Deven"), list: "/api/v1/configmaps?labelSelector=parity%3Deven", cm: (a) => a.labels.parity === "even" },
    { stream: w("configmaps in load-1, client=1", CM("load-1"), "&labelSelector=client%3D1"), list: `${CM("load-1")}?labelSelector=client%3D1`, cm: (a) => a.ns === "load-1" && a.labels.client === "1" },
    { stream: w("pods, all namespaces", "/api/v1/pods", ""), list: "/api/v1/pods" },
    { stream: w("deployments in load-2", "/apis/apps/v1/namespaces/load-2/deployments", ""), list: "/apis/apps/v1/namespaces/load-2/deployments" },
    { stream: w("replicasets with an app label", "/apis/apps/v1/replicasets", "&labelSelector=app"), list: "/apis/apps/v1/replicasets?labelSelector=app" },
  ];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One load run against a fresh server. The heap is read (after a full collection) before the server starts, after
 * the load, after every watch stream closed, and once the run returned and dropped the server and its clients:
 * the last should come back near the first.
 */
export async function serveLoad(opts: LoadOptions): Promise<LoadResult> {
  const before = settledHeapMB();
  const r = await loadRun(opts);
  await sleep(50);
  const afterClose = settledHeapMB();
  return { ...r, heapMB: { before, afterLoad: r.heapMB.afterLoad, afterWatchesClosed: r.heapMB.afterWatchesClosed, afterClose } };
}

/** The heap after two collections (one may leave what finalizers and weak references free for the next). */
function settledHeapMB(): number {
  heapMB();
  return heapMB();
}

/** The run itself; its heapMB has no `before` and `afterClose` yet (serveLoad reads them around it). */
async function loadRun(opts: LoadOptions): Promise<LoadResult> {
  const served: Served = await startServe({ scenario: servedCluster({ name: "serve-load", cpu: "64", memory: "256Gi", pods: "500" }), kinds: KUBEPROP_KINDS, invariants: ALL_INVARIANTS, clock: opts.clock, port: 0, log: () => {} });
  const lat = new Latencies();
  const book = new Book(opts.requests);
  const admin = new LoadClient(served.url, new Latencies());
  for (let n = 0; n < NAMESPACES; n++) await admin.send("setup", "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: `load-${n}` } });
  const watched = streams(String(served.cluster.state.store.revision));
  const initial = await Promise.all(watched.map(async (w) => itemsByKey((await admin.send("setup", "GET", w.list)).json)));
  await Promise.all(watched.map((w) => w.stream.open(served.url)));

  const clients = Array.from({ length: opts.clients }, () => new LoadClient(served.url, lat));
  const t0 = performance.now();
  await Promise.all(clients.map((c, i) => runClient(i, c, book)));
  const seconds = (performance.now() - t0) / 1000;
  const ops = [...lat.byVerb.values()].reduce((n, a) => n + a.length, 0);

  // Every acknowledged ConfigMap write is in the store; every acknowledged delete is not.
  const finalCms = itemsByKey((await admin.send("check", "GET", "/api/v1/configmaps")).json);
  for (const [key, a] of book.acked) {
    const got = finalCms.get(key);
    if (a.rv === undefined ? got !== undefined : got !== a.rv) book.lose(`store: ${key} is at ${got ?? "nothing"}, its last acknowledged write says ${a.rv ?? "deleted"}`);
  }
  const finalPods = itemsByKey((await admin.send("check", "GET", "/api/v1/pods")).json);
  for (const p of book.pods) if (p.deleted && finalPods.has(p.key)) book.lose(`store: pod ${p.key} is still there after its delete was acknowledged`);

  // Every stream saw every event, in order: replayed, it leaves what a final list shows (read after the streams
  // have had time to take the last events).
  const finals = await Promise.all(watched.map(async (w) => itemsByKey((await admin.send("check", "GET", w.list)).json)));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && watched.some((w, i) => mapDiff(finals[i]!, w.stream.replay(initial[i]!), 1).length > 0)) await sleep(20);
  for (const [i, w] of watched.entries()) {
    const order = w.stream.orderProblem();
    if (order) book.lose(`watch "${w.stream.name}": ${order}`);
    for (const d of mapDiff(finals[i]!, w.stream.replay(initial[i]!), 3)) book.lose(`watch "${w.stream.name}" replayed is not the final list: ${d}`);
    if (w.stream.ended) book.lose(`watch "${w.stream.name}" ended early`);
    if (w.cm) checkConfigMapEvents(w.stream, book, w.cm);
  }
  for (const p of book.pods) {
    const pw = watched[4]!.stream;
    if (!pw.events.some((e) => keyOf(e.object) === p.key && e.type === "ADDED" && e.object.metadata.resourceVersion === p.rv)) book.lose(`watch "pods": no ADDED for ${p.key} at ${p.rv}`);
    if (p.deleted && !pw.events.some((e) => keyOf(e.object) === p.key && e.type === "DELETED")) book.lose(`watch "pods": no DELETED for ${p.key}`);
  }

  const afterLoad = settledHeapMB();
  for (const w of watched) w.stream.close();
  for (const c of clients) c.close();
  // The server frees a watcher when it sees the client's socket close.
  let open = -1;
  for (let tries = 0; tries < 200 && open !== 0; tries++, await sleep(10)) open = (await admin.send("check", "GET", "/kubeprop/v1/status")).json.watches;
  if (open !== 0) book.lose(`${open} watch streams still open on the server after every client closed`);
  const afterWatchesClosed = settledHeapMB();
  admin.close();
  await served.close();
  return {
    name: `serve: load, ${opts.clock} clock, ${opts.clients} clients`,
    ops,
    seconds: +seconds.toFixed(3),
    opsPerSecond: Math.round(ops / seconds),
    clients: opts.clients,
    clock: opts.clock,
    latencyMs: lat.summary(),
    heapMB: { before: NaN, afterLoad, afterWatchesClosed, afterClose: NaN },
    watchesOpenAfterClose: open,
    watchStreams: watched.map((w) => ({ name: w.stream.name, events: w.stream.events.length })),
    lost: book.lost,
    problems: book.problems,
  };
}

/** A ConfigMap stream's events, per object, are exactly those its acknowledged writes imply. */
function checkConfigMapEvents(s: WatchStream, book: Book, wanted: (a: Acked) => boolean): void {
  const seen = new Map<string, string[]>();
  for (const e of s.events) {
    const k = keyOf(e.object);
    if (!seen.has(k)) seen.set(k, []);
    seen.get(k)!.push(e.type === "DELETED" ? "DELETED" : `${e.type}@${e.object.metadata.resourceVersion}`);
  }
  let wrong = 0;
  for (const [key, a] of book.acked) {
    if (!wanted(a)) continue;
    const got = (seen.get(key) ?? []).join(" ");
    if (got !== a.events.join(" ") && wrong++ < 3) book.lose(`watch "${s.name}": ${key} saw [${got}], its writes say [${a.events.join(" ")}]`);
    seen.delete(key);
  }
  if (wrong > 3) book.lose(`watch "${s.name}": ${wrong - 3} more objects with events missing or extra`);
  for (const key of seen.keys()) if (key.startsWith("load-")) book.lose(`watch "${s.name}": events of ${key}, which no acknowledged write of its selection made`);
}

/** The bench's runs: the manual clock, then the real one. */
export async function serveLoadBenchmarks(quick = false, sizes: Partial<LoadOptions> = {}): Promise<LoadResult[]> {
  const clients = sizes.clients ?? (quick ? 4 : 16);
  const requests = sizes.requests ?? (quick ? 1_000 : 10_000);
  const out: LoadResult[] = [];
  for (const clock of ["manual", "real"] as const) out.push(await serveLoad({ clients, requests, clock }));
  return out;
}

async function main(argv: readonly string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes("--quick");
  const results = await serveLoadBenchmarks(quick, {
    ...(arg("--clients") ? { clients: Number(arg("--clients")) } : {}),
    ...(arg("--requests") ? { requests: Number(arg("--requests")) } : {}),
  });
  for (const r of results) {
    console.log(`${r.name}: ${r.ops} requests in ${r.seconds} s, ${r.opsPerSecond} requests/s, lost ${r.lost}; heap ${r.heapMB.before} → ${r.heapMB.afterLoad} → ${r.heapMB.afterWatchesClosed} → ${r.heapMB.afterClose} MB`);
    for (const [verb, l] of Object.entries(r.latencyMs)) console.log(`  ${verb.padEnd(8)} ${String(l.count).padStart(6)}  p50 ${l.p50} ms  p99 ${l.p99} ms  max ${l.max} ms`);
    for (const p of r.problems) console.log(`  LOST: ${p}`);
  }
  const outFile = arg("--out") ?? "bench/results/serve-load.json";
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify({ node: process.version, date: new Date().toISOString(), quick, gc: typeof global.gc === "function", results }, null, 2) + "\n");
  console.log(`wrote ${outFile}`);
  if (results.some((r) => r.lost > 0)) {
    console.error("serve load: something was lost (see LOST above)");
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main(process.argv.slice(2));
