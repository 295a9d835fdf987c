/**
 * Checking a raw action from a scenario or a trace file: known type, required fields of the right type.
 * `fail(where, why)` reports the place relative to the action (e.g. ".request.verb").
 */
import type { Action } from "../actions.ts";
import { parseIPv4 } from "../apiserver/service/cidr.ts";
import { parseSelector } from "../labels/selector.ts";

type Fail = (where: string, why: string) => never;
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

const VERBS = ["create", "get", "list", "update", "patch", "delete", "apply", "set-image"];

/** Required string fields per action type (beyond "type"). */
const FIELDS: Readonly<Record<string, Readonly<Record<string, "string" | "number" | "object" | "string?" | "number?">>>> = {
  api: { client: "string", request: "object" },
  "informer.sync": { component: "string", resource: "string", limit: "number?" },
  reconcile: { component: "string" },
  "informer.resync": { component: "string", resource: "string?" },
  "informer.rewatch": { component: "string" },
  "clock.advance": { seconds: "number" },
  "clock.tick": {},
  "component.restart": { component: "string" },
  "store.compact": { revision: "number?" },
  enqueue: { component: "string", key: "string" },
  "node.crash": { node: "string" },
  "node.recover": { node: "string" },
  "node.partition": { node: "string" },
  "node.heal": { node: "string" },
  "container.crash": { namespace: "string", pod: "string", container: "string", exitCode: "number" },
  "pod.readiness": { namespace: "string", pod: "string", container: "string?", ready: "boolean" as any },
  "probe.set": { namespace: "string", pod: "string?", selector: "string?", container: "string?", probe: "string", result: "string" },
  "metrics.set": { namespace: "string", pod: "string", cpuMilli: "number?", custom: "object?" as any },
  connect: { node: "string?", clientIP: "string", ip: "string", port: "number", protocol: "string?" },
};

export function validateAction(raw: unknown, fail: Fail): Action {
  if (!isObj(raw)) fail("", "expected an action object with a type");
  const type = raw.type;
  if (typeof type !== "string" || !(type in FIELDS)) {
    fail(".type", `unknown action type "${String(type)}" (types: ${Object.keys(FIELDS).join(", ")})`);
  }
  const spec = FIELDS[type]!;
  for (const k of Object.keys(raw)) if (k !== "type" && !(k in spec)) fail(`.${k}`, `unknown field of a ${type} action`);
  for (const [k, t] of Object.entries(spec)) {
    const v = raw[k];
    const optional = t.endsWith("?");
    if (v === undefined) {
      if (!optional) fail(`.${k}`, "is required");
      continue;
    }
    const base = String(t).replace("?", "");
    if (base === "object" ? !isObj(v) : typeof v !== base) fail(`.${k}`, `expected a ${base}`);
    if (base === "number" && (!Number.isFinite(v) || (v as number) < 0)) fail(`.${k}`, "expected a non-negative number");
  }
  if (type === "connect") {
    for (const k of ["clientIP", "ip"]) if (parseIPv4(raw[k]) === undefined) fail(`.${k}`, `"${String(raw[k])}" is not an IPv4 address`);
    const port = raw.port as number;
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail(".port", "expected a port number (1-65535)");
    if (raw.protocol !== undefined && !["TCP", "UDP", "SCTP"].includes(raw.protocol as string)) fail(".protocol", "must be TCP, UDP or SCTP");
  }
  if (type === "probe.set") validateProbeSet(raw, fail);
  if (type === "api") {
    const req = raw.request as Record<string, unknown>;
    if (typeof req.verb !== "string" || !VERBS.includes(req.verb)) fail(".request.verb", `expected one of ${VERBS.join(", ")}`);
    if (typeof req.resource !== "string") fail(".request.resource", "is required");
    if (req.verb === "patch") validatePatchRequest(req, fail);
  }
  return raw as unknown as Action;
}

const PATCH_TYPES = ["merge", "strategic", "json", "apply"];
const JSON_PATCH_OPS = ["add", "remove", "replace", "move", "copy", "test"];

/**
 * A patch request's patchType (absent: a JSON merge patch) and the patch its type needs: an object, or for "json"
 * a list of RFC 6902 operations, each with a known `op` and a string `path` (and `from` for move and copy).
 */
function validatePatchRequest(req: Record<string, unknown>, fail: Fail): void {
  const type = req.patchType ?? "merge";
  if (typeof type !== "string" || !PATCH_TYPES.includes(type)) {
    fail(".request.patchType", `unknown patch type ${JSON.stringify(type)} (expected one of ${PATCH_TYPES.join(", ")})`);
  }
  if (type !== "json") {
    if (!isObj(req.patch)) fail(".request.patch", `expected an object (a ${type} patch)`);
    return;
  }
  if (!Array.isArray(req.patch)) fail(".request.patch", "expected a list of JSON patch operations (patchType json)");
  (req.patch as unknown[]).forEach((op, i) => {
    const at = `.request.patch[${i}]`;
    if (!isObj(op)) fail(at, "expected a JSON patch operation object");
    if (typeof op.op !== "string" || !JSON_PATCH_OPS.includes(op.op)) fail(`${at}.op`, `expected one of ${JSON_PATCH_OPS.join(", ")}`);
    if (typeof op.path !== "string") fail(`${at}.path`, "expected a JSON pointer string");
    if ((op.op === "move" || op.op === "copy") && typeof op.from !== "string") fail(`${at}.from`, `is required for ${op.op}`);
  });
}

/** A probe.set names its pods one way (pod or selector), a parsable selector, a probe kind and a result. */
function validateProbeSet(raw: Record<string, unknown>, fail: Fail): void {
  if ((raw.pod === undefined) === (raw.selector === undefined)) fail("", "a probe.set names its pods by exactly one of pod or selector");
  if (raw.selector !== undefined) {
    try {
      parseSelector(raw.selector as string);
    } catch (e) {
      fail(".selector", (e as Error).message);
    }
  }
  if (!["readiness", "liveness", "startup"].includes(raw.probe as string)) fail(".probe", "must be readiness, liveness or startup");
  if (!["success", "failure", "timeout"].includes(raw.result as string)) fail(".result", "must be success, failure or timeout");
}
