/**
 * A scenario's `cluster:` section: what the cluster runs, as model/config.ts has it (the control plane, what every
 * node runs, the admission chain), each list replacing the default one. Only the shape is checked here; whether
 * each kind, plug-in and option exists is checked when the config is resolved with a registry of kinds
 * (initialState), which names the same place (`cluster.components[2].kind`).
 */
import type { AdmissionSpec, ClusterConfig, ComponentSpec, NodeComponentSpec, Options } from "../config.ts";

type Fail = (where: string, why: string) => never;
type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

function onlyKeys(fail: Fail, o: Obj, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${where}.${k}`, `unknown field (allowed: ${allowed.join(", ")})`);
}

function name(fail: Fail, v: unknown, where: string): string {
  if (typeof v !== "string" || v === "") fail(where, "expected a non-empty string");
  return v;
}

function options(fail: Fail, v: unknown, where: string): { options?: Options } {
  if (v === undefined) return {};
  if (!isObj(v)) fail(where, "expected a map of option to value");
  return { options: v as Options };
}

function list<T>(fail: Fail, v: unknown, where: string, item: (x: Obj, w: string) => T, key: (t: T) => string): T[] {
  if (!Array.isArray(v)) fail(where, "expected a list");
  const seen = new Set<string>();
  return v.map((x, i) => {
    const w = `${where}[${i}]`;
    if (!isObj(x)) fail(w, "expected a map");
    const t = item(x, w);
    if (seen.has(key(t))) fail(w, `duplicate "${key(t)}"`);
    seen.add(key(t));
    return t;
  });
}

/** The lists a `cluster:` section gives (absent ones keep the default). */
export function parseCluster(fail: Fail, v: unknown): Partial<Pick<ClusterConfig, "components" | "nodeComponents" | "admission">> {
  if (v === undefined) return {};
  if (!isObj(v)) fail("cluster", "expected a map with components, nodeComponents and admission");
  onlyKeys(fail, v, ["components", "nodeComponents", "admission"], "cluster");
  const out: { components?: ComponentSpec[]; nodeComponents?: NodeComponentSpec[]; admission?: AdmissionSpec[] } = {};
  if (v.components !== undefined) {
    out.components = list(fail, v.components, "cluster.components", (x, w) => {
      onlyKeys(fail, x, ["id", "kind", "options"], w);
      return { id: name(fail, x.id, `${w}.id`), kind: name(fail, x.kind, `${w}.kind`), ...options(fail, x.options, `${w}.options`) };
    }, (c) => c.id);
  }
  if (v.nodeComponents !== undefined) {
    out.nodeComponents = list(fail, v.nodeComponents, "cluster.nodeComponents", (x, w) => {
      onlyKeys(fail, x, ["prefix", "kind", "options"], w);
      return { prefix: name(fail, x.prefix, `${w}.prefix`), kind: name(fail, x.kind, `${w}.kind`), ...options(fail, x.options, `${w}.options`) };
    }, (c) => c.prefix);
  }
  if (v.admission !== undefined) {
    out.admission = list(fail, v.admission, "cluster.admission", (x, w) => {
      onlyKeys(fail, x, ["name", "options"], w);
      return { name: name(fail, x.name, `${w}.name`), ...options(fail, x.options, `${w}.options`) };
    }, (a) => a.name);
  }
  return out;
}
