/**
 * The per-zone NoExecute tainter: a unique queue of node names ordered by the time they may be processed,
 * drained through a token-bucket rate limiter, as plain data in the controller's memory.
 *
 * Follows pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go (UniqueQueue, RateLimitedTimedQueue:
 * Add, Remove, RemoveFromQueue, Try, SwapLimiter) and client-go util/flowcontrol (NewTokenBucketRateLimiter,
 * NewFakeNeverRateLimiter). The limiter is why a dead zone is tainted one node per 10 s (0.1 QPS, burst 1)
 * rather than all at once: a control plane that wrongly believes many nodes are gone evicts slowly.
 */
import { btreeDelete, btreeEmpty, btreeFirst, btreeGet, btreePrefix, btreeSet, prefixEnd, type BTree } from "../../collections/btree.ts";

/** flowcontrol's token bucket: `qps` tokens per second up to `burst`; qps 0 is the never-accepting limiter. */
export interface TokenBucket {
  readonly qps: number;
  readonly burst: number;
  readonly tokens: number;
  /** Logical time tokens were last counted. */
  readonly last: number;
}

/** One queued node (TimedValue). */
export interface TimedValue {
  readonly zone: string;
  readonly value: string;
  readonly uid: string;
  readonly addedAt: number;
  readonly processAt: number;
}

/** The tainters of every zone: queues, the duplicate-preventing sets and the limiters. */
export interface ZoneTainters {
  /** `${zone}\u0001${processAt}\u0001${node}` → value: the queue, in processing order. */
  readonly queue: BTree<TimedValue>;
  /** `${zone}\u0001${node}` → its queue key, or "" once processed (RemoveFromQueue keeps it in the set). */
  readonly set: BTree<string>;
  /** Limiters by zone key. */
  readonly limiters: Readonly<Record<string, TokenBucket>>;
}

/** scheduler.EvictionRateLimiterBurst. */
export const EVICTION_RATE_LIMITER_BURST = 1;

export const emptyTainters = (): ZoneTainters => ({ queue: btreeEmpty(), set: btreeEmpty(), limiters: {} });

/** A full token bucket (NewTokenBucketRateLimiter starts with `burst` tokens), or the never limiter for qps <= 0. */
export const newTokenBucket = (qps: number, now: number, burst = EVICTION_RATE_LIMITER_BURST): TokenBucket =>
  qps > 0 ? { qps, burst, tokens: burst, last: now } : { qps: 0, burst: 0, tokens: 0, last: now };

/** TryAccept: takes a token if one is available now. */
export function tryAccept(b: TokenBucket, now: number): { bucket: TokenBucket; ok: boolean } {
  if (b.qps <= 0) return { bucket: b, ok: false };
  const tokens = Math.min(b.burst, b.tokens + Math.max(0, now - b.last) * b.qps);
  if (tokens >= 1) return { bucket: { ...b, tokens: tokens - 1, last: now }, ok: true };
  return { bucket: { ...b, tokens, last: now }, ok: false };
}

/** Seconds until the bucket has a token (Infinity for the never limiter). */
export function secondsUntilToken(b: TokenBucket, now: number): number {
  if (b.qps <= 0) return Number.POSITIVE_INFINITY;
  const tokens = Math.min(b.burst, b.tokens + Math.max(0, now - b.last) * b.qps);
  return tokens >= 1 ? 0 : (1 - tokens) / b.qps;
}

/** Separates the parts of a key: zone keys hold "\\0" (GetZoneKey), label values and node names never hold U+0001. */
const SEP = "\u0001";
const timeKey = (t: number) => t.toFixed(3).padStart(16, "0");
const setKey = (zone: string, node: string) => `${zone}${SEP}${node}`;
const queueKey = (zone: string, processAt: number, node: string) => `${zone}${SEP}${timeKey(processAt)}${SEP}${node}`;

/** addPodEvictorForNewZone: a zone's tainter starts with a full limiter at `qps`. */
export function ensureZone(t: ZoneTainters, zone: string, qps: number, now: number): ZoneTainters {
  return t.limiters[zone] ? t : { ...t, limiters: { ...t.limiters, [zone]: newTokenBucket(qps, now) } };
}

/** UniqueQueue.Add: false when the node is already in the zone's set (queued or processed and not removed). */
export function tainterAdd(t: ZoneTainters, zone: string, node: string, uid: string, now: number): { tainters: ZoneTainters; added: boolean } {
  const sk = setKey(zone, node);
  if (btreeGet(t.set, sk) !== undefined) return { tainters: t, added: false };
  const qk = queueKey(zone, now, node);
  return {
    tainters: { ...t, queue: btreeSet(t.queue, qk, { zone, value: node, uid, addedAt: now, processAt: now }), set: btreeSet(t.set, sk, qk) },
    added: true,
  };
}

/** UniqueQueue.Remove: out of the queue and the set; true when it was in the set. */
export function tainterRemove(t: ZoneTainters, zone: string, node: string): { tainters: ZoneTainters; removed: boolean } {
  const sk = setKey(zone, node);
  const qk = btreeGet(t.set, sk);
  if (qk === undefined) return { tainters: t, removed: false };
  return { tainters: { ...t, queue: qk ? btreeDelete(t.queue, qk) : t.queue, set: btreeDelete(t.set, sk) }, removed: true };
}

/** Whether the node is queued (not just remembered in the set). */
export const tainterQueued = (t: ZoneTainters, zone: string, node: string): boolean => Boolean(btreeGet(t.set, setKey(zone, node)));

/** The head of a zone's queue. */
export function tainterHead(t: ZoneTainters, zone: string): TimedValue | undefined {
  const prefix = `${zone}${SEP}`;
  const first = btreeFirst(t.queue, prefix);
  return first && first[0].startsWith(prefix) ? first[1] : undefined;
}

/** RemoveFromQueue: processed; it stays in the set so that Add refuses it until Remove. */
function removeFromQueue(t: ZoneTainters, v: TimedValue): ZoneTainters {
  const qk = queueKey(v.zone, v.processAt, v.value);
  return { ...t, queue: btreeDelete(t.queue, qk), set: btreeSet(t.set, setKey(v.zone, v.value), "") };
}

/** Replace: the value is retried at a later processAt. */
function replace(t: ZoneTainters, v: TimedValue, processAt: number): ZoneTainters {
  const old = queueKey(v.zone, v.processAt, v.value);
  const qk = queueKey(v.zone, processAt, v.value);
  return { ...t, queue: btreeSet(btreeDelete(t.queue, old), qk, { ...v, processAt }), set: btreeSet(t.set, setKey(v.zone, v.value), qk) };
}

/**
 * RateLimitedTimedQueue.Try for one zone: while the limiter gives a token and the head is due, run `fn`; a
 * success removes the head from the queue, a failure retries it after `wait`. `fn` threads an extra value
 * (the cluster state) through. Note the token is spent before the due check, as in Try.
 */
export function tainterTry<S>(
  t: ZoneTainters,
  zone: string,
  now: number,
  s: S,
  fn: (s: S, v: TimedValue) => { s: S; ok: boolean; wait: number },
): { tainters: ZoneTainters; s: S } {
  let cur = t;
  let val = tainterHead(cur, zone);
  while (val) {
    const limiter = cur.limiters[zone];
    if (!limiter) break;
    const acc = tryAccept(limiter, now);
    cur = { ...cur, limiters: { ...cur.limiters, [zone]: acc.bucket } };
    if (!acc.ok) break;
    if (now < val.processAt) break;
    const r = fn(s, val);
    s = r.s;
    // ProcessAt = now + wait + 1 (the model's timer resolution is a millisecond).
    cur = r.ok ? removeFromQueue(cur, val) : replace(cur, val, now + r.wait + 0.001);
    val = tainterHead(cur, zone);
  }
  return { tainters: cur, s };
}

/** SwapLimiter: a new limiter only when the QPS changes; a limiter with no token passes that on (burst 1). */
export function swapLimiter(t: ZoneTainters, zone: string, qps: number, now: number): ZoneTainters {
  const old = t.limiters[zone];
  if (!old) return { ...t, limiters: { ...t.limiters, [zone]: newTokenBucket(qps, now) } };
  if (old.qps === qps) return t;
  let next = newTokenBucket(qps, now);
  if (qps > 0 && !tryAccept(old, now).ok) next = tryAccept(next, now).bucket;
  return { ...t, limiters: { ...t.limiters, [zone]: next } };
}

/** Every zone key with a queued node, in order. */
export function zonesWithQueuedNodes(t: ZoneTainters): string[] {
  const out: string[] = [];
  let start = "";
  for (;;) {
    const first = btreeFirst(t.queue, start);
    if (!first) return out;
    const zone = first[0].slice(0, first[0].indexOf(SEP));
    out.push(zone);
    const end = prefixEnd(`${zone}${SEP}`);
    if (end === undefined) return out;
    start = end;
  }
}

/** The queued values of a zone (for tests and reports). */
export function tainterQueue(t: ZoneTainters, zone: string): TimedValue[] {
  return [...btreePrefix(t.queue, `${zone}${SEP}`)].map(([, v]) => v);
}
