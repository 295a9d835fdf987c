/**
 * The main thread's side of a user controller's worker (controller/worker.mjs): a synchronous call that runs one
 * step of a reconcile there and blocks until the worker says what the step came to — an API call to make, done,
 * an error, or stuck — answering the worker's cache reads while it waits. Node's Atomics.wait and
 * receiveMessageOnPort make the call synchronous, so the model's step stays a plain function.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { Interaction, StepOutcome } from "./run-log.ts";

/** What a step of a run is given: the controller's file, the key, the run's log so far, the memory it started with. */
export interface RunInput {
  readonly file: string;
  readonly key: string;
  readonly log: readonly Interaction[];
  readonly memory: Record<string, unknown>;
}

/** How long one step may take in the worker before it counts as stuck (an endless loop in a reconcile). */
const STEP_TIMEOUT_MS = 30_000;
const TO_MAIN = 0;
const TO_WORKER = 1;

interface Channel {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly flags: Int32Array;
}

export class ControllerBridge {
  #channel: Channel | undefined;

  #open(): Channel {
    if (!this.#channel) {
      const { port1, port2 } = new MessageChannel();
      const flags = new Int32Array(new SharedArrayBuffer(8));
      const worker = new Worker(new URL("./worker.mjs", import.meta.url), { workerData: { port: port2, flags }, transferList: [port2] });
      // The worker never keeps the process alive: it only works while the main thread waits for it.
      worker.unref();
      port1.unref();
      this.#channel = { worker, port: port1, flags };
    }
    return this.#channel;
  }

  /**
   * What a controller module declares (its name and watches, and whether it is a pure reconciler), loaded in the
   * worker; or why it does not load.
   */
  describe(file: string): { readonly name: unknown; readonly watches: unknown; readonly pure: boolean } | { readonly error: string } {
    const m = this.#ask<{ type: string; name?: unknown; watches?: unknown; pure?: boolean; message?: string }>({ describe: true, file });
    if (m === "timed-out") return { error: `loading took over ${STEP_TIMEOUT_MS / 1000} s` };
    return m?.type === "described" ? { name: m.name, watches: m.watches, pure: m.pure === true } : { error: m?.message ?? "no answer" };
  }

  /**
   * The keys a watch's handler (a function in the module) enqueues for an event, or why it gave none.
   */
  keys(file: string, watch: number, event: unknown): { readonly keys: readonly string[] } | { readonly error: string } {
    const m = this.#ask<{ type: string; keys?: string[]; error?: string }>({ keys: true, file, watch, event });
    if (m === "timed-out") return { error: `did not return within ${STEP_TIMEOUT_MS / 1000} s` };
    return m?.keys ? { keys: m.keys } : { error: m?.error ?? "no answer" };
  }

  /** One message to the worker and its one answer, waited for synchronously. */
  #ask<T>(message: object): T | undefined | "timed-out" {
    const ch = this.#open();
    ch.port.postMessage(message);
    if (Atomics.wait(ch.flags, TO_MAIN, 0, STEP_TIMEOUT_MS) === "timed-out") return "timed-out";
    Atomics.store(ch.flags, TO_MAIN, 0);
    return receiveMessageOnPort(ch.port)?.message as T | undefined;
  }

  /**
   * One step of a run. `cacheRead` answers a cache read past the log (it is logged by the caller: the returned
   * `reads` lists them in order).
   */
  step(input: RunInput, cacheRead: (method: string, args: readonly unknown[]) => unknown): { outcome: StepOutcome; reads: Interaction[] } {
    const ch = this.#open();
    const reads: Interaction[] = [];
    ch.port.postMessage(input);
    for (;;) {
      if (Atomics.wait(ch.flags, TO_MAIN, 0, STEP_TIMEOUT_MS) === "timed-out") {
        // A reconcile that never yields (an endless loop): the worker is lost with it; the next step starts afresh.
        void ch.worker.terminate();
        this.#channel = undefined;
        return { outcome: { type: "stuck", message: `the reconcile did not yield within ${STEP_TIMEOUT_MS / 1000} s` }, reads };
      }
      Atomics.store(ch.flags, TO_MAIN, 0);
      const message = receiveMessageOnPort(ch.port)?.message as (StepOutcome & { type: string }) | { type: "cache"; method: "get" | "list"; args: unknown[] } | undefined;
      if (!message) continue;
      if (message.type === "cache") {
        const answer = cacheRead(message.method, message.args);
        reads.push({ call: "cache", method: message.method, args: message.args, answer });
        ch.port.postMessage({ answer });
        Atomics.store(ch.flags, TO_WORKER, 1);
        Atomics.notify(ch.flags, TO_WORKER);
        continue;
      }
      return { outcome: message as StepOutcome, reads };
    }
  }
}
