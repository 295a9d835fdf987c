/**
 * Reading a scenario from YAML or JSON text. Pure: manifest files named by the scenario are read through the
 * `readFile` callback the caller gives (the CLI reads the disk; tests pass a map). Every problem is a
 * ScenarioError naming the file and the place (e.g. `steps[3].scale.replicas`).
 */
import { LineCounter, parseAllDocuments, parse as parseYaml } from "yaml";
import type { Action } from "../actions.ts";
import type { KObject } from "../objects/types.ts";
import { parseDuration } from "../clock.ts";
import { BUILTIN_RESOURCES, apiVersionOf, resourceId, type ResourceInfo } from "../apiserver/resources.ts";
import { crdResource } from "../apiserver/hooks.ts";
import { decodeBuiltinWrite } from "../apiserver/decode.ts";
import { isStatus } from "../apiserver/status.ts";
import type { ClusterConfig, ClusterSettings } from "../config.ts";
import { ScenarioError, type Expectation, type NodeSpec, type Scenario, type ScenarioStep } from "./types.ts";
import { validateAction } from "./validate-action.ts";
import { parseIPv4 } from "../apiserver/service/cidr.ts";
import type { ConnectExpectation } from "../proxy/connect-expectation.ts";
import { proxyAction } from "./proxy-step.ts";
import { probeStepAction } from "./probe-step.ts";
import { parseCluster } from "./parse-cluster.ts";

export type ReadFile = (path: string) => string;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

/** Parses YAML or JSON (JSON is YAML); multi-document YAML gives several documents. */
export function parseDocuments(text: string, file: string): unknown[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { prettyErrors: false, lineCounter });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: unknown[] = [];
  for (const d of list) {
    if (d.errors.length > 0) {
      const e = d.errors[0]!;
      const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
      throw new ScenarioError(file, pos ? `line ${pos.line}, column ${pos.col}` : "document", e.message.split("\n")[0]!);
    }
    const v = d.toJS();
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}

class Ctx {
  resources: ResourceInfo[] = [...BUILTIN_RESOURCES];
  /** The scenario's node names (connect steps name the client's node). */
  nodeNames: ReadonlySet<string> = new Set();
  constructor(
    readonly file: string,
    readonly readFile: ReadFile,
  ) {}
  fail(where: string, why: string): never {
    throw new ScenarioError(this.file, where, why);
  }
  /** The resource of a manifest or a {kind, apiVersion?} reference. */
  resourceFor(kind: unknown, apiVersion: unknown, where: string): ResourceInfo {
    if (typeof kind !== "string" || kind === "") this.fail(where, "kind is required");
    const byKind = this.resources.filter((r) => r.kind === kind || r.plural === kind || resourceId(r) === kind);
    if (byKind.length === 0) {
      const close = this.resources.find((r) => r.kind.toLowerCase() === String(kind).toLowerCase());
      this.fail(where, `unknown kind "${kind}"${close ? ` (did you mean "${close.kind}"?)` : ""}`);
    }
    if (apiVersion === undefined) return byKind[0]!;
    const exact = byKind.find((r) => apiVersionOf(r) === apiVersion);
    if (!exact) this.fail(where, `kind "${kind}" is not served at apiVersion "${String(apiVersion)}" (use "${apiVersionOf(byKind[0]!)}")`);
    return exact;
  }
  noteCrd(m: Obj): void {
    if (m.kind !== "CustomResourceDefinition") return;
    const r = crdResource(m as unknown as KObject);
    if (r) this.resources.push(r);
  }
  /** Manifests from an inline object, a list, or a file path (multi-document). */
  manifests(v: unknown, where: string): Obj[] {
    if (typeof v === "string") {
      let text: string;
      try {
        text = this.readFile(v);
      } catch (e) {
        this.fail(where, `cannot read manifest file "${v}": ${(e as Error).message}`);
      }
      const docs = parseDocuments(text, v);
      return docs.flatMap((d, i) => this.manifests(d, `${v} document ${i + 1}`));
    }
    if (Array.isArray(v)) return v.flatMap((m, i) => this.manifests(m, `${where}[${i}]`));
    if (!isObj(v)) this.fail(where, "expected a manifest (an object with apiVersion, kind and metadata)");
    if (v.kind === "List" && Array.isArray(v.items)) return this.manifests(v.items, `${where}.items`);
    if (typeof v.apiVersion !== "string") this.fail(where, "apiVersion is required");
    if (!isObj(v.metadata)) this.fail(where, "metadata is required");
    const info = this.resourceFor(v.kind, v.apiVersion, `${where}.kind`);
    // kubectl applies a manifest with fieldValidation=Strict: an unknown or duplicate field, or a value that does
    // not fit its Go type, is the manifest's mistake (model/apiserver/decode.ts).
    const refused = decodeBuiltinWrite(info, v as unknown as KObject, "Strict");
    if (isStatus(refused)) this.fail(`${where} (${String(v.kind)} ${String(v.metadata.name ?? v.metadata.generateName ?? "")})`, refused.message);
    this.noteCrd(v);
    return [v];
  }
}

function str(ctx: Ctx, v: unknown, where: string, optional = false): string | undefined {
  if (v === undefined && optional) return undefined;
  if (typeof v !== "string" || v === "") ctx.fail(where, "expected a non-empty string");
  return v;
}

function int(ctx: Ctx, v: unknown, where: string, optional = false): number | undefined {
  if (v === undefined && optional) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) ctx.fail(where, "expected a non-negative integer");
  return v;
}

function onlyKeys(ctx: Ctx, o: Obj, allowed: string[], where: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) ctx.fail(`${where}.${k}`, `unknown field (allowed: ${allowed.join(", ")})`);
}

/** A reference {kind, name, namespace?} to the resource id and names. */
function ref(ctx: Ctx, v: unknown, where: string, extra: string[]): { resource: string; namespace?: string; name: string; o: Obj } {
  if (!isObj(v)) ctx.fail(where, "expected {kind, name, namespace}");
  onlyKeys(ctx, v, ["kind", "apiVersion", "name", "namespace", ...extra], where);
  const info = ctx.resourceFor(v.kind, v.apiVersion, `${where}.kind`);
  const name = str(ctx, v.name, `${where}.name`)!;
  const namespace = str(ctx, v.namespace, `${where}.namespace`, true);
  return { resource: resourceId(info), name, o: v, ...(info.namespaced ? { namespace: namespace ?? "default" } : {}) };
}

const STEP_KEYS = ["apply", "create", "delete", "scale", "patch", "label", "set-image", "settle", "advance", "sync", "reconcile", "restart", "compact", "connect", "proxy", "probe", "action", "expect"];

const PROTOCOLS = ["TCP", "UDP", "SCTP"];

/** An IPv4 address, or the failure naming the field. */
function ipv4(ctx: Ctx, v: unknown, where: string): string {
  const s = str(ctx, v, where)!;
  if (parseIPv4(s) === undefined) ctx.fail(where, `"${s}" is not an IPv4 address`);
  return s;
}

/** "IP:port" (a ClusterIP, a node's address with a node port, or a load balancer's ingress address). */
function connectTarget(ctx: Ctx, v: unknown, where: string): { ip: string; port: number } {
  const m = typeof v === "string" ? /^([^:]+):([0-9]+)$/.exec(v) : null;
  if (!m) ctx.fail(where, `expected "IP:port" such as 10.96.0.10:80`);
  if (parseIPv4(m[1]) === undefined) ctx.fail(where, `"${m[1]}" is not an IPv4 address`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) ctx.fail(where, `port ${m[2]} is out of range (1-65535)`);
  return { ip: m[1]!, port };
}

/** A connect step's `expect`: exactly one of servedBy, refused, noAnswer. */
function connectExpectation(ctx: Ctx, v: unknown, where: string): ConnectExpectation {
  const shape = "expected {servedBy: <pod>, affinity?: true|false}, {refused: true} or {noAnswer: true}";
  if (!isObj(v)) ctx.fail(where, shape);
  onlyKeys(ctx, v, ["servedBy", "affinity", "refused", "noAnswer"], where);
  const given = ["servedBy", "refused", "noAnswer"].filter((k) => v[k] !== undefined);
  if (given.length !== 1) ctx.fail(where, `${shape} (found ${given.join(" and ") || "none of them"})`);
  if (v.affinity !== undefined && given[0] !== "servedBy") ctx.fail(`${where}.affinity`, "only goes with servedBy");
  if (v.affinity !== undefined && typeof v.affinity !== "boolean") ctx.fail(`${where}.affinity`, "expected true or false");
  if (v.refused !== undefined) {
    if (v.refused !== true) ctx.fail(`${where}.refused`, "expected true (use servedBy or noAnswer for other answers)");
    return { refused: true };
  }
  if (v.noAnswer !== undefined) {
    if (v.noAnswer !== true) ctx.fail(`${where}.noAnswer`, "expected true (use servedBy or refused for other answers)");
    return { noAnswer: true };
  }
  const pod = str(ctx, v.servedBy, `${where}.servedBy`)!;
  return v.affinity === undefined ? { servedBy: pod } : { servedBy: pod, affinity: v.affinity as boolean };
}

function parseStep(ctx: Ctx, raw: unknown, i: number): ScenarioStep[] {
  const where = `steps[${i}]`;
  if (!isObj(raw)) ctx.fail(where, `expected a step object such as {settle: {}} or {apply: ...}`);
  if (typeof raw.type === "string") return [{ kind: "action", action: validateAction(raw, (w, why) => ctx.fail(`${where}${w}`, why)) }];
  const keys = Object.keys(raw).filter((k) => k !== "client" && k !== "comment");
  if (keys.length !== 1) ctx.fail(where, `a step has exactly one of: ${STEP_KEYS.join(", ")} (found ${keys.join(", ") || "none"})`);
  const key = keys[0]!;
  const v = raw[key];
  const w = `${where}.${key}`;
  const client = str(ctx, raw.client, `${where}.client`, true) ?? "user";
  const api = (request: any): ScenarioStep => ({ kind: "action", action: { type: "api", client, request } });
  switch (key) {
    case "apply":
    case "create":
      return ctx.manifests(v, w).map((m) => {
        const info = ctx.resourceFor(m.kind, m.apiVersion, `${w}.kind`);
        const ns = info.namespaced ? ((m.metadata as Obj).namespace as string | undefined) ?? "default" : undefined;
        return api({ verb: key, resource: resourceId(info), ...(ns ? { namespace: ns } : {}), object: m });
      });
    case "delete": {
      const r = ref(ctx, v, w, ["gracePeriodSeconds", "propagationPolicy"]);
      const grace = int(ctx, r.o.gracePeriodSeconds, `${w}.gracePeriodSeconds`, true);
      const pp = r.o.propagationPolicy;
      if (pp !== undefined && pp !== "Orphan" && pp !== "Background" && pp !== "Foreground") {
        ctx.fail(`${w}.propagationPolicy`, `must be Orphan, Background or Foreground, not "${String(pp)}"`);
      }
      return [api({ verb: "delete", resource: r.resource, namespace: r.namespace, name: r.name, ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}), ...(pp ? { propagationPolicy: pp } : {}) })];
    }
    case "scale": {
      const r = ref(ctx, v, w, ["replicas"]);
      const replicas = int(ctx, r.o.replicas, `${w}.replicas`)!;
      return [api({ verb: "patch", resource: r.resource, namespace: r.namespace, name: r.name, patch: { spec: { replicas } } })];
    }
    case "patch": {
      const r = ref(ctx, v, w, ["patch", "subresource"]);
      if (!isObj(r.o.patch)) ctx.fail(`${w}.patch`, "expected a JSON merge patch object");
      const sub = r.o.subresource;
      if (sub !== undefined && sub !== "status") ctx.fail(`${w}.subresource`, `only "status" is supported`);
      return [api({ verb: "patch", resource: r.resource, namespace: r.namespace, name: r.name, patch: r.o.patch, ...(sub ? { subresource: sub } : {}) })];
    }
    case "label": {
      const r = ref(ctx, v, w, ["labels"]);
      if (!isObj(r.o.labels)) ctx.fail(`${w}.labels`, "expected a map of label to value (null removes a label)");
      return [api({ verb: "patch", resource: r.resource, namespace: r.namespace, name: r.name, patch: { metadata: { labels: r.o.labels } } })];
    }
    case "set-image": {
      const r = ref(ctx, v, w, ["container", "image"]);
      const image = str(ctx, r.o.image, `${w}.image`)!;
      const container = str(ctx, r.o.container, `${w}.container`, true);
      return [api({ verb: "set-image", resource: r.resource, namespace: r.namespace, name: r.name, image, ...(container ? { container } : {}) })];
    }
    case "settle": {
      if (v === true || v === null || v === undefined) return [{ kind: "settle" }];
      if (!isObj(v)) ctx.fail(w, "expected {} or {maxSteps: N}");
      onlyKeys(ctx, v, ["maxSteps"], w);
      const maxSteps = int(ctx, v.maxSteps, `${w}.maxSteps`, true);
      return [maxSteps === undefined ? { kind: "settle" } : { kind: "settle", maxSteps }];
    }
    case "advance": {
      let seconds: number;
      try {
        seconds = parseDuration(v as string | number);
      } catch (e) {
        ctx.fail(w, (e as Error).message);
      }
      return [{ kind: "advance", seconds }];
    }
    case "sync": {
      if (!isObj(v)) ctx.fail(w, "expected {component, resource, limit?}");
      onlyKeys(ctx, v, ["component", "resource", "limit"], w);
      const limit = int(ctx, v.limit, `${w}.limit`, true);
      const a: Action = { type: "informer.sync", component: str(ctx, v.component, `${w}.component`)!, resource: str(ctx, v.resource, `${w}.resource`)!, ...(limit ? { limit } : {}) };
      return [{ kind: "action", action: a }];
    }
    case "reconcile":
      return [{ kind: "action", action: { type: "reconcile", component: str(ctx, v, w)! } }];
    case "restart":
      return [{ kind: "action", action: { type: "component.restart", component: str(ctx, v, w)! } }];
    case "compact": {
      if (v === true || v === null || (isObj(v) && v.revision === undefined)) return [{ kind: "action", action: { type: "store.compact" } }];
      if (!isObj(v)) ctx.fail(w, "expected {} or {revision: N}");
      return [{ kind: "action", action: { type: "store.compact", revision: int(ctx, v.revision, `${w}.revision`)! } }];
    }
    case "connect": {
      if (!isObj(v)) ctx.fail(w, `expected {from?: <node>, clientIP, to: "IP:port", protocol?, expect?}`);
      onlyKeys(ctx, v, ["from", "clientIP", "to", "protocol", "expect"], w);
      const from = str(ctx, v.from, `${w}.from`, true);
      if (from !== undefined && !ctx.nodeNames.has(from)) {
        ctx.fail(`${w}.from`, `unknown node "${from}" (nodes: ${[...ctx.nodeNames].join(", ") || "none"}; omit from for a client outside the cluster)`);
      }
      const clientIP = ipv4(ctx, v.clientIP, `${w}.clientIP`);
      const { ip, port } = connectTarget(ctx, v.to, `${w}.to`);
      const protocol = v.protocol;
      if (protocol !== undefined && !PROTOCOLS.includes(protocol as string)) ctx.fail(`${w}.protocol`, `must be ${PROTOCOLS.join(", ")}, not "${String(protocol)}"`);
      const action: Action = { type: "connect", ...(from ? { node: from } : {}), clientIP, ip, port, ...(protocol ? { protocol: protocol as string } : {}) };
      if (v.expect === undefined) return [{ kind: "action", action }];
      return [{ kind: "action", action, expectConnect: connectExpectation(ctx, v.expect, `${w}.expect`), where: `${w}.expect` }];
    }
    case "proxy": {
      if (!isObj(v)) ctx.fail(w, `expected {node, path?, expect?: {pods: [namespace/name, ...]} or {code: N}}`);
      onlyKeys(ctx, v, ["node", "path", "expect"], w);
      const node = str(ctx, v.node, `${w}.node`)!;
      if (!ctx.nodeNames.has(node)) ctx.fail(`${w}.node`, `unknown node "${node}" (nodes: ${[...ctx.nodeNames].join(", ") || "none"})`);
      const action = proxyAction(node, str(ctx, v.path, `${w}.path`, true) ?? "pods");
      if (v.expect === undefined) return [{ kind: "action", action }];
      const e = v.expect;
      if (!isObj(e)) ctx.fail(`${w}.expect`, "expected {pods: [namespace/name, ...]} or {code: N}");
      onlyKeys(ctx, e, ["pods", "code"], `${w}.expect`);
      if ((e.pods === undefined) === (e.code === undefined)) ctx.fail(`${w}.expect`, "give exactly one of pods or code");
      if (e.pods !== undefined && (!Array.isArray(e.pods) || e.pods.some((p) => typeof p !== "string" || !/^[^/]+\/[^/]+$/.test(p)))) {
        ctx.fail(`${w}.expect.pods`, "expected a list of namespace/name");
      }
      const expectProxy = e.pods !== undefined ? { pods: e.pods as string[] } : { code: int(ctx, e.code, `${w}.expect.code`)! };
      return [{ kind: "action", action, expectProxy, where: `${w}.expect` }];
    }
    case "probe":
      return [{ kind: "action", action: probeStepAction(v, w, (p, why) => ctx.fail(p, why)) }];
    case "action":
      return [{ kind: "action", action: validateAction(v, (p, why) => ctx.fail(`${w}${p}`, why)) }];
    case "expect": {
      const r = ref(ctx, v, w, ["exists", "fields"]);
      if (r.o.exists !== undefined && typeof r.o.exists !== "boolean") ctx.fail(`${w}.exists`, "expected true or false");
      if (r.o.fields !== undefined && !isObj(r.o.fields)) ctx.fail(`${w}.fields`, "expected a map of dotted path to value");
      const e: Expectation = {
        resource: r.resource,
        name: r.name,
        where: w,
        ...(r.namespace ? { namespace: r.namespace } : {}),
        ...(r.o.exists !== undefined ? { exists: r.o.exists as boolean } : {}),
        ...(r.o.fields ? { fields: r.o.fields as Record<string, unknown> } : {}),
      };
      return [{ kind: "expect", expect: e }];
    }
    default:
      return ctx.fail(`${where}.${key}`, `unknown step "${key}" (steps: ${STEP_KEYS.join(", ")}, or a raw action with "type")`);
  }
}

const CONFIG_KEYS: Record<keyof ClusterSettings, "duration" | "int"> = {
  nodeMonitorGracePeriod: "duration",
  podEvictionTimeout: "duration",
  watchHistory: "int",
  quotaBackendBytes: "int",
};

function parseConfig(ctx: Ctx, v: unknown): Partial<ClusterConfig> {
  if (v === undefined) return {};
  if (!isObj(v)) ctx.fail("settings", "expected a map");
  const out: Record<string, number> = {};
  for (const [k, val] of Object.entries(v)) {
    const t = CONFIG_KEYS[k as keyof ClusterSettings];
    if (!t) ctx.fail(`settings.${k}`, `unknown setting (settings: ${Object.keys(CONFIG_KEYS).join(", ")})`);
    if (t === "duration") {
      try {
        out[k] = parseDuration(val as string | number);
      } catch (e) {
        ctx.fail(`settings.${k}`, (e as Error).message);
      }
    } else out[k] = int(ctx, val, `settings.${k}`)!;
  }
  return out;
}

function parseNodes(ctx: Ctx, v: unknown): NodeSpec[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) ctx.fail("nodes", "expected a list of nodes");
  const seen = new Set<string>();
  return v.map((n, i) => {
    const w = `nodes[${i}]`;
    if (!isObj(n)) ctx.fail(w, "expected {name, capacity, labels?}");
    onlyKeys(ctx, n, ["name", "capacity", "labels", "staticPods"], w);
    const name = str(ctx, n.name, `${w}.name`)!;
    if (seen.has(name)) ctx.fail(`${w}.name`, `duplicate node "${name}"`);
    seen.add(name);
    const cap = n.capacity ?? { cpu: "4", memory: "8Gi", pods: "110" };
    if (!isObj(cap)) ctx.fail(`${w}.capacity`, "expected {cpu, memory, pods}");
    const capacity: Record<string, string> = {};
    for (const [k, q] of Object.entries(cap)) {
      if (typeof q !== "string" && typeof q !== "number") ctx.fail(`${w}.capacity.${k}`, "expected a quantity such as 4, 500m or 8Gi");
      capacity[k] = String(q);
    }
    if (n.labels !== undefined && !isObj(n.labels)) ctx.fail(`${w}.labels`, "expected a map of label to value");
    const staticPods = n.staticPods === undefined ? undefined : (ctx.manifests(n.staticPods, `${w}.staticPods`) as unknown as KObject[]);
    return {
      name,
      capacity,
      ...(n.labels ? { labels: n.labels as Record<string, string> } : {}),
      ...(staticPods ? { staticPods } : {}),
    };
  });
}

export interface ParseOptions {
  /**
   * Objects created before the scenario's own (a user's project: its CRDs and objects): the resources their CRDs
   * define are served to the scenario, which may name them.
   */
  readonly before?: readonly KObject[];
}

/** Parses scenario text (YAML or JSON) from `file`. */
export function parseScenario(text: string, file: string, readFile: ReadFile = () => {
  throw new Error("no file access");
}, opts: ParseOptions = {}): Scenario {
  const docs = parseDocuments(text, file);
  if (docs.length !== 1) throw new ScenarioError(file, "document", docs.length === 0 ? "the file is empty" : "a scenario is one YAML document");
  const doc = docs[0];
  const ctx: Ctx = new Ctx(file, readFile);
  for (const o of opts.before ?? []) ctx.noteCrd(o as unknown as Obj);
  if (!isObj(doc)) ctx.fail("document", "expected a scenario map with nodes, objects and steps");
  onlyKeys(ctx, doc, ["name", "description", "settings", "cluster", "nodes", "objects", "manifests", "steps", "origin", "expectViolation"], "document");
  const objects: Obj[] = [];
  if (doc.objects !== undefined) objects.push(...ctx.manifests(doc.objects, "objects"));
  if (doc.manifests !== undefined) {
    if (!Array.isArray(doc.manifests)) ctx.fail("manifests", "expected a list of file paths");
    doc.manifests.forEach((p, i) => {
      if (typeof p !== "string") ctx.fail(`manifests[${i}]`, "expected a file path");
      objects.push(...ctx.manifests(p, `manifests[${i}]`));
    });
  }
  const nodes = parseNodes(ctx, doc.nodes);
  ctx.nodeNames = new Set(nodes.map((n) => n.name));
  const rawSteps = doc.steps ?? [];
  if (!Array.isArray(rawSteps)) ctx.fail("steps", "expected a list of steps");
  const steps = rawSteps.flatMap((s, i) => parseStep(ctx, s, i));
  let expectViolation: Scenario["expectViolation"];
  if (doc.expectViolation !== undefined) {
    const ev = doc.expectViolation;
    if (!isObj(ev) || typeof ev.invariant !== "string" || typeof ev.step !== "number") ctx.fail("expectViolation", "expected {invariant, step}");
    expectViolation = { invariant: ev.invariant, step: ev.step };
  }
  return {
    name: typeof doc.name === "string" ? doc.name : file,
    ...(typeof doc.description === "string" ? { description: doc.description } : {}),
    config: { ...parseConfig(ctx, doc.settings), ...parseCluster((w, why) => ctx.fail(w, why), doc.cluster) },
    nodes,
    objects: objects as unknown as KObject[],
    steps,
    ...(isObj(doc.origin) ? { origin: doc.origin } : {}),
    ...(expectViolation ? { expectViolation } : {}),
  };
}

export { parseYaml };
