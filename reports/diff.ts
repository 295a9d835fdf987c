/** Field-level differences between two JSON values, for reports ("spec.replicas: 3 → 4"). */
export interface FieldChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Fields that change on every write and say nothing to a reader of a trace. */
const NOISE = new Set(["metadata.resourceVersion", "metadata.managedFields"]);

export function jsonDiff(a: unknown, b: unknown, path = ""): FieldChange[] {
  if (NOISE.has(path)) return [];
  if (a === b) return [];
  const isObj = (x: unknown) => typeof x === "object" && x !== null && !Array.isArray(x);
  if (isObj(a) && isObj(b)) {
    const out: FieldChange[] = [];
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
    for (const k of keys) out.push(...jsonDiff((a as any)[k], (b as any)[k], path ? `${path}.${k}` : k));
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    const out: FieldChange[] = [];
    a.forEach((x, i) => out.push(...jsonDiff(x, b[i], `${path}[${i}]`)));
    return out;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  return [{ path, ...(a !== undefined ? { before: a } : {}), ...(b !== undefined ? { after: b } : {}) }];
}

/** "path: before → after" in one line. */
export function describeChange(c: FieldChange): string {
  const show = (v: unknown) => (v === undefined ? "∅" : JSON.stringify(v));
  return `${c.path}: ${show(c.before)} → ${show(c.after)}`;
}
