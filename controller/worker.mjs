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
    modules.set(file, def);
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

const never = () => new Promise(() => {});
const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));
const CLIENT_METHODS = ["create", "read", "patch", "replace", "delete", "list"];

port.on("message", async (run) => {
  if (run.describe) {
    try {
      const def = await controllerOf(run.file);
      signalMain({ type: "described", name: def.name, watches: clone(def.watches) });
    } catch (e) {
      signalMain({ type: "error", load: true, message: String(e?.message ?? e).split("\n")[0].replace(/ imported from .*$/, "") });
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
  const client = {};
  for (const method of CLIENT_METHODS) {
    client[method] = (...raw) => {
      if (ended) return never();
      const args = clone(raw.filter((_, k) => k < 10)) ?? [];
      while (args.length > 0 && args[args.length - 1] === null) args.pop();
      const r = replay("api", method, args);
      if (r?.diverged) return never();
      if (r) return r.entry.answer.error ? Promise.reject(apiException(r.entry.answer.error)) : Promise.resolve(clone(r.entry.answer.ok));
      end({ type: "api", method, args });
      return never();
    };
  }
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
  const ctx = { client, cache: { get: cacheRead("get"), list: cacheRead("list") }, memory };
  def.reconcile(run.key, ctx).then(
    () => end({ type: "done", memory }),
    (e) => end({ type: "error", message: String(e?.message ?? e).split("\n")[0] }),
  );
  // Every answer the log holds is a settled promise, so by the next macrotask the run has either made a call past
  // its log, finished, or is waiting for something that is not the client's (a timer, another promise): stuck.
  setImmediate(() => end({ type: "stuck" }));
});
