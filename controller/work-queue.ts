/**
 * The work queue of a controller run as a plain process (controller/host.ts), as client-go's workqueue behaves
 * under controller-runtime: a key is queued at most once however often it is added (dirty set); a key being
 * reconciled is not handed to a second worker, and one added meanwhile is queued again when the first is done
 * (processing set); a failed key comes back after its exponential back-off or the overall 10 qps bucket's wait,
 * whichever is longer (AddRateLimited, controller/backoff.ts); a success resets the key's back-off (Forget). The model's queue (model/informers/workqueue.ts) is the same queue as data.
 */
import { requeueDelay, type Bucket } from "./backoff.ts";

export class WorkQueue {
  readonly #queue: string[] = [];
  readonly #dirty = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #failures = new Map<string, number>();
  #bucket: Bucket | undefined;
  /** Seconds on a monotonic clock (injected by tests). */
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now() / 1000) {
    this.#now = now;
  }
  /** Keys waiting out a delay, with when they are due (the earliest of their delays, as client-go keeps). */
  readonly #waiting = new Map<string, { readonly due: number; readonly timer: ReturnType<typeof setTimeout> }>();
  readonly #getters: ((key: string | undefined) => void)[] = [];
  #shutDown = false;

  /** Queues a key (once: a key already queued is not queued twice). */
  add(key: string): void {
    if (this.#shutDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    if (this.#processing.has(key)) return;
    const getter = this.#getters.shift();
    if (getter) {
      this.#dirty.delete(key);
      this.#processing.add(key);
      getter(key);
    } else this.#queue.push(key);
  }

  /** Queues a key after `seconds`; a key already waiting keeps the earlier of its two times. */
  addAfter(key: string, seconds: number): void {
    if (this.#shutDown) return;
    if (seconds <= 0) return this.add(key);
    const due = Date.now() + seconds * 1000;
    const waiting = this.#waiting.get(key);
    if (waiting && waiting.due <= due) return;
    if (waiting) clearTimeout(waiting.timer);
    const timer = setTimeout(() => {
      this.#waiting.delete(key);
      this.add(key);
    }, seconds * 1000);
    timer.unref?.();
    this.#waiting.set(key, { due, timer });
  }

  /** After a failure: the key comes back after its back-off (doubling with each failure in a row) or the bucket's wait. */
  addRateLimited(key: string): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    const { delay, bucket } = requeueDelay(failures, this.#bucket, this.#now());
    this.#bucket = bucket;
    this.addAfter(key, delay);
    return delay;
  }

  /** After a success: the key's back-off starts again from the shortest. */
  forget(key: string): void {
    this.#failures.delete(key);
  }

  /** How many times in a row the key failed. */
  failures(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  /** The next key to reconcile (it is then being processed until `done`), or undefined once the queue shuts down. */
  get(): Promise<string | undefined> {
    const key = this.#queue.shift();
    if (key !== undefined) {
      this.#dirty.delete(key);
      this.#processing.add(key);
      return Promise.resolve(key);
    }
    if (this.#shutDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#getters.push(resolve));
  }

  /** The key's reconcile ended: if it was added meanwhile, it is queued again. */
  done(key: string): void {
    this.#processing.delete(key);
    if (this.#dirty.has(key)) {
      this.#dirty.delete(key);
      this.add(key);
    }
  }

  /** Keys queued and not yet handed out. */
  get length(): number {
    return this.#queue.length;
  }

  /** Stops: waiting workers get undefined, delayed keys are dropped, nothing more is queued. */
  shutDown(): void {
    this.#shutDown = true;
    for (const { timer } of this.#waiting.values()) clearTimeout(timer);
    this.#waiting.clear();
    for (const getter of this.#getters.splice(0)) getter(undefined);
  }
}
