// The worker thread a user's controller runs in (controller/bridge.ts is the other side).
//
// The model is synchronous and a user's reconcile is async, so a reconcile runs here and the main thread blocks
// (Atomics.wait) until it has something to say. A run is re-executed from the start every time, with the
// interactions it already had (its log) answered from the log: the first interaction past the log ends the step.
// A cache read past the log is answered live by the main thread (a synchronous callback) and goes on; an API call
// past the log is sent to the main thread and this run stops there (its promise never settles). So a reconcile's
// state is its log, which is JSON in the model's state: deterministic, fingerprinted, lost on a restart.
//
// Plain JavaScript on purpose: the worker must start without a TypeScript loader; it loads the user's module
// (.ts, .mts or .js, from any folder) with tsx's tsImport.
import { receiveMessageOnPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";

const { port, flags } = workerData;
/** Slot 0: the worker has a message for the main thread. Slot 1: the main thread answered a callback. */
const TO_MAIN = 0;
const TO_WORKER = 1;

const signalMain = (message) => {
  port.postMessage(message);
  Atomics.store(flags, TO_MAIN, 1);
  Atomics.notify(flags, TO_MAIN);
};

/** A synchronous call to the main thread (it answers while it waits for this run). */
const callMain = (message) => {
  signalMain(message);
  Atomics.wait(flags, TO_WORKER, 0);
  Atomics.store(flags, TO_WORKER, 0);
  return receiveMessageOnPort(port).message;
};

const modules = new Map();
async function controllerOf(file) {
  if (!modules.has(file)) {
    const loaded = await tsImport(pathToFileURL(file).href, import.meta.url);
    // A .ts file in a CommonJS folder comes back as { default: module.exports }, marked __esModule
    // (properties/plugins.ts esModuleExports).
    const mod = loaded.default?.__esModule === true ? loaded.default : loaded;
    const def = mod.default ?? mod.controller;
    if (!def || typeof def.reconcile !== "function") throw new Error(`${file}: exports no controller (a default export with a reconcile function)`);
    modules.set(file, def[RECONCILER_MARK] === true ? asyncReconcilerOf(def) : def);
  }
  return modules.get(file);
}

/** client-node's ApiException, as the model's answers make it (kubeprop's ApiException recognises it). */
function apiException(error) {
  const e = new Error(`HTTP-Code: ${error.code}\nMessage: ${error.body?.message ?? ""}\nBody: ${JSON.stringify(error.body)}\nHeaders: {}`);
  e.name = "ApiException";
  e.code = error.code;
  e.body = error.body;
  e.headers = {};
  return e;
}

// The lighter form (controller/reconciler.ts): a pure `reconcile(key, cache)` returning requests, marked by
// defineReconciler. It runs as an async reconcile that calls it and sends its requests one by one through the
// client, so it has the same run log, re-execution and determinism check as any controller: each re-execution
// calls the pure function again, with the cache reads answered from the log, and gets the same requests. Its
// calls are marked `pure`: the main thread then ends the run in the step of its last request or first failure
// (there is nothing of the reconcile left to run after them).
const RECONCILER_MARK = Symbol.for("kubeprop.reconciler");
/** What marks the adapted reconcile (takes `{ cache, send }`, not a ReconcileContext). */
const ADAPTED = Symbol("adapted reconciler");
const VERBS = ["create", "replace", "patch", "delete"];
const PATCH_STRATEGIES = ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];
const MERGE_PATCH = "application/merge-patch+json";
const isRecord = (x) => typeof x === "object" && x !== null && !Array.isArray(x);
const describeValue = (x) =>
  Array.isArray(x) ? "a list" : x === null || x === undefined ? String(x) : typeof x.then === "function" ? "a Promise" : typeof x === "object" ? "an object" : `a ${typeof x}`;

/** Why these are not a list of valid requests (the first thing wrong, with its place), or undefined. */
function invalidRequests(requests) {
  if (typeof requests?.then === "function") return "a Promise, not a list of requests (a reconciler is synchronous; an async reconcile is defineController's)";
  if (!Array.isArray(requests)) return `${describeValue(requests)}, not a list of requests`;
  try {
    JSON.stringify(requests);
  } catch (e) {
    return `requests that are not JSON (${String(e?.message ?? e).split("\n")[0]})`;
  }
  for (const [i, r] of requests.entries()) {
    const at = `requests[${i}]`;
    if (!isRecord(r)) return `${at}: ${describeValue(r)}, not a request ({ verb, object })`;
    if (!VERBS.includes(r.verb)) return `${at}.verb: ${JSON.stringify(r.verb)} (verbs: ${VERBS.join(", ")})`;
    const extra = Object.keys(r).find((k) => k !== "verb" && k !== "object" && !(k === "strategy" && r.verb === "patch"));
    if (extra !== undefined) return `${at}: unknown field ${JSON.stringify(extra)} for ${r.verb}`;
    if (r.verb === "patch" && r.strategy !== undefined && !PATCH_STRATEGIES.includes(r.strategy)) return `${at}.strategy: ${JSON.stringify(r.strategy)} (strategies: PatchStrategy's values)`;
    const o = r.object;
    if (!isRecord(o)) return `${at}.object: ${describeValue(o)}, not an object`;
    if (typeof o.apiVersion !== "string" || o.apiVersion === "") return `${at}.object.apiVersion: expected a string`;
    if (typeof o.kind !== "string" || o.kind === "") return `${at}.object.kind: expected a string`;
    if (!isRecord(o.metadata)) return `${at}.object.metadata: expected an object`;
    const named = typeof o.metadata.name === "string" && o.metadata.name !== "";
    if (!named && !(r.verb === "create" && typeof o.metadata.generateName === "string" && o.metadata.generateName !== "")) return `${at}.object.metadata.name: expected a string${r.verb === "create" ? " (or a generateName)" : ""}`;
    if (o.metadata.namespace !== undefined && typeof o.metadata.namespace !== "string") return `${at}.object.metadata.namespace: expected a string`;
  }
  return undefined;
}

/** The message of a failed request: its code and the Status's reason and message. */
const failure = (e) => (typeof e?.code === "number" ? [[e.code, e.body?.reason].filter(Boolean).join(" "), e.body?.message].filter(Boolean).join(": ") : String(e?.message ?? e).split("\n")[0]);

const nameOf = (o) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name ?? `${o.metadata.generateName}*`}`;

/** A reconciler as an async reconcile (see above): given the cache and `send`, the run's API call marked pure. */
function asyncReconcilerOf(def) {
  return {
    name: def.name,
    watches: def.watches,
    [ADAPTED]: true,
    async reconcile(key, { cache, send }) {
      let requests;
      try {
        requests = def.reconcile(key, { get: cache.get, list: cache.list });
      } catch (e) {
        throw new Error(`the reconciler threw: ${String(e?.message ?? e).split("\n")[0]}`);
      }
      const invalid = invalidRequests(requests);
      if (invalid !== undefined) throw new Error(`the reconciler returned ${invalid}`);
      for (const [i, r] of requests.entries()) {
        const last = i === requests.length - 1;
        const args = r.verb === "patch" ? [r.object, undefined, undefined, undefined, undefined, r.strategy ?? MERGE_PATCH] : [r.object];
        try {
          await send(r.verb, args, last);
        } catch (e) {
          const dropped = requests.length - i - 1;
          throw new Error(`request ${i + 1} of ${requests.length} (${r.verb} ${nameOf(r.object)}) failed: ${failure(e)}${dropped > 0 ? `; the ${dropped} after it dropped` : ""}`);
        }
      }
    },
  };
}

const never = () => new Promise(() => {});
const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));
const CLIENT_METHODS = ["create", "read", "patch", "replace", "delete", "list"];

port.on("message", async (run) => {
  if (run.describe) {
    try {
      const def = await controllerOf(run.file);
      // A watch's handler (a function) stays here; the main thread learns only that there is one.
      const watches = Array.isArray(def.watches) ? def.watches.map((w) => (typeof w?.enqueue === "function" ? { ...clone({ ...w, enqueue: undefined }), enqueue: "handler" } : clone(w))) : def.watches;
      signalMain({ type: "described", name: def.name, watches, pure: def[ADAPTED] === true });
    } catch (e) {
      signalMain({ type: "error", load: true, message: String(e?.message ?? e).split("\n")[0].replace(/ imported from .*$/, "") });
    }
    return;
  }
  if (run.keys) {
    // A watch's handler: the keys an event enqueues (synchronous, and must be deterministic).
    try {
      const def = await controllerOf(run.file);
      const keys = def.watches[run.watch].enqueue(clone(run.event));
      if (!Array.isArray(keys) || keys.some((k) => typeof k !== "string")) signalMain({ type: "keys", error: `returned ${describeValue(keys)}, not a list of keys (strings)` });
      else signalMain({ type: "keys", keys: [...keys] });
    } catch (e) {
      signalMain({ type: "keys", error: `threw: ${String(e?.message ?? e).split("\n")[0]}` });
    }
    return;
  }
  let ended = false;
  const end = (message) => {
    if (ended) return;
    ended = true;
    signalMain(message);
  };
  let def;
  try {
    def = await controllerOf(run.file);
  } catch (e) {
    end({ type: "error", load: true, message: String(e?.message ?? e).split("\n")[0] });
    return;
  }
  let i = 0;
  /** The next logged interaction, checked to be this one (a reconcile must be deterministic). */
  const replay = (call, method, args) => {
    const entry = run.log[i];
    if (!entry) return undefined;
    if (entry.call !== call || entry.method !== method || JSON.stringify(entry.args) !== JSON.stringify(args)) {
      end({ type: "diverged", index: i, expected: `${entry.call} ${entry.method} ${JSON.stringify(entry.args)}`, got: `${call} ${method} ${JSON.stringify(args)}` });
      return { diverged: true };
    }
    i++;
    return { entry };
  };
  /** An API call: answered from the log, or past it the step's end (`pure`: a reconciler's, `last` of its requests). */
  const call = (method, raw, pure) => {
    if (ended) return never();
    const args = clone(raw.filter((_, k) => k < 10)) ?? [];
    while (args.length > 0 && args[args.length - 1] === null) args.pop();
    const r = replay("api", method, args);
    if (r?.diverged) return never();
    if (r) return r.entry.answer.error ? Promise.reject(apiException(r.entry.answer.error)) : Promise.resolve(clone(r.entry.answer.ok));
    end({ type: "api", method, args, ...(pure ? { pure } : {}) });
    return never();
  };
  const client = {};
  for (const method of CLIENT_METHODS) client[method] = (...raw) => call(method, raw);
  const cacheRead = (method) => (...raw) => {
    if (ended) return method === "list" ? [] : undefined;
    const args = clone(raw);
    const r = replay("cache", method, args);
    if (r?.diverged) return method === "list" ? [] : undefined;
    if (r) return clone(r.entry.answer);
    i++;
    return clone(callMain({ type: "cache", method, args }).answer);
  };
  const memory = clone(run.memory) ?? {};
  const cache = { get: cacheRead("get"), list: cacheRead("list") };
  const ctx = def[ADAPTED] ? { cache, send: (method, args, last) => call(method, args, { last }) } : { client, cache, memory };
  // Called inside a promise, so a reconcile that throws before its first await (or is not async) is an error too.
  new Promise((settle) => settle(def.reconcile(run.key, ctx)))
    .then((returned) => {
      if (Array.isArray(returned)) throw new Error("the reconcile returned a list, which only a reconciler's does: declare a pure reconcile with defineReconciler");
    })
    .then(
      () => end({ type: "done", memory }),
      (e) => end({ type: "error", message: String(e?.message ?? e).split("\n")[0] }),
    );
  // Every answer the log holds is a settled promise, so by the next macrotask the run has either made a call past
  // its log, finished, or is waiting for something that is not the client's (a timer, another promise): stuck.
  setImmediate(() => end({ type: "stuck" }));
});
