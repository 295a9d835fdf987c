/**
 * Resource lists (corev1.ResourceList: resource name → quantity) and the arithmetic quota does on them.
 * Follows staging/src/k8s.io/apiserver/pkg/quota/v1/resources.go (Equals, LessThanOrEqual, Add,
 * SubtractWithNonNegativeResult, Mask, ResourceNames, IsNegative, RemoveZeros) and the admission plug-in's
 * prettyPrint. Lists are plain JSON (quantity strings), as they appear in status.hard / status.used; sums are
 * exact (resource.Quantity arithmetic) and rendered in Kubernetes' canonical form.
 */
import { parseQuantity, type Quantity } from "../../quantity/index.ts";

/** A resource list as stored in API objects: resource name → quantity string. */
export type ResourceList = Readonly<Record<string, string>>;

const q = (v: string | number | undefined): Quantity => parseQuantity(String(v ?? "0"));

/** Parses a quantity, or undefined when the text is not one (a malformed list entry is ignored, never thrown). */
export function tryQuantity(v: unknown): Quantity | undefined {
  if (typeof v !== "string" && typeof v !== "number") return undefined;
  try {
    return parseQuantity(String(v));
  } catch {
    return undefined;
  }
}

/** The list with every entry in canonical form (what a Go round trip through ResourceList would print). */
export function fromQuantities(m: ReadonlyMap<string, Quantity>): ResourceList {
  const out: Record<string, string> = {};
  for (const k of [...m.keys()].sort()) out[k] = m.get(k)!.toString();
  return out;
}

function toQuantities(a: ResourceList | undefined): Map<string, Quantity> {
  const m = new Map<string, Quantity>();
  for (const [k, v] of Object.entries(a ?? {})) {
    const x = tryQuantity(v);
    if (x) m.set(k, x);
  }
  return m;
}

/** Equals: same resource names, equal quantities. */
export function quotaEquals(a: ResourceList | undefined, b: ResourceList | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!(k in (b ?? {}))) return false;
    if (q(a![k]).cmp(q(b![k])) !== 0) return false;
  }
  return true;
}

/** LessThanOrEqual: a ≤ b for every resource both name; returns the resources where a exceeds b. */
export function lessThanOrEqual(a: ResourceList, b: ResourceList): { allowed: boolean; exceeded: string[] } {
  const exceeded: string[] = [];
  for (const [k, v] of Object.entries(a)) {
    if (!(k in b)) continue;
    if (q(v).cmp(q(b[k])) > 0) exceeded.push(k);
  }
  exceeded.sort();
  return { allowed: exceeded.length === 0, exceeded };
}

/** Add: the union of both lists, quantities summed. */
export function quotaAdd(a: ResourceList | undefined, b: ResourceList | undefined): ResourceList {
  const m = toQuantities(a);
  for (const [k, v] of toQuantities(b)) {
    const prev = m.get(k);
    m.set(k, prev ? prev.add(v) : v);
  }
  return fromQuantities(m);
}

/** SubtractWithNonNegativeResult: a - b, negative differences clamped to zero. */
export function subtractWithNonNegativeResult(a: ResourceList, b: ResourceList): ResourceList {
  const zero = q("0");
  const m = toQuantities(a);
  for (const [k, v] of toQuantities(b)) {
    const prev = m.get(k) ?? zero;
    const d = prev.sub(v);
    m.set(k, d.sign() < 0 ? zero : d);
  }
  return fromQuantities(m);
}

/** Mask: only the named resources. */
export function quotaMask(a: ResourceList | undefined, names: readonly string[]): ResourceList {
  const out: Record<string, string> = {};
  for (const n of names) if (a && n in a) out[n] = a[n]!;
  return out;
}

/** ResourceNames: the resource names of a list, sorted. */
export const resourceNames = (a: ResourceList | undefined): string[] => Object.keys(a ?? {}).sort();

/** IsNegative: the resources with a negative quantity. */
export function negativeResources(a: ResourceList): string[] {
  return Object.entries(a)
    .filter(([, v]) => q(v).sign() < 0)
    .map(([k]) => k)
    .sort();
}

/** RemoveZeros: the list without zero quantities. */
export function removeZeros(a: ResourceList): ResourceList {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) if (!q(v).isZero()) out[k] = v;
  return out;
}

/** The admission plug-in's prettyPrint: "name=quantity" sorted by name, joined with commas. */
export function prettyPrint(a: ResourceList): string {
  return Object.keys(a)
    .sort()
    .map((k) => `${k}=${q(a[k]).toString()}`)
    .join(",");
}

/** prettyPrintResourceNames: names sorted, joined with commas. */
export const prettyPrintResourceNames = (names: readonly string[]): string => [...names].sort().join(",");

/**
 * The sum of many lists, masked to `names`, starting from zero for each name (CalculateUsageStats' running
 * total). Sums in exact quantities and renders once, so a namespace of many objects costs one parse per entry.
 */
export function sumMasked(lists: Iterable<ResourceList>, names: readonly string[]): ResourceList {
  const m = new Map<string, Quantity>(names.map((n) => [n, q("0")]));
  for (const l of lists) {
    for (const n of names) {
      const v = l[n];
      if (v === undefined) continue;
      const x = tryQuantity(v);
      if (x) m.set(n, m.get(n)!.add(x));
    }
  }
  return fromQuantities(m);
}
