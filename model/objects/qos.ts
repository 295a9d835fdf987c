/**
 * A pod's QoS class. Follows pkg/apis/core/helper/qos/qos.go (GetPodQOS): BestEffort when no container has
 * requests or limits; Guaranteed when every container has cpu and memory limits and requests equal to them;
 * Burstable otherwise.
 */
import { parseQuantity } from "../quantity/index.ts";

const SUPPORTED = ["cpu", "memory"];

export function podQOSClass(spec: any): "Guaranteed" | "Burstable" | "BestEffort" {
  const containers: any[] = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  const requests = new Map<string, ReturnType<typeof parseQuantity>>();
  const limits = new Map<string, ReturnType<typeof parseQuantity>>();
  let guaranteed = true;
  const add = (m: Map<string, ReturnType<typeof parseQuantity>>, name: string, v: unknown) => {
    const q = parseQuantity(String(v));
    const prev = m.get(name);
    m.set(name, prev ? prev.add(q) : q);
  };
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const [n, v] of Object.entries(req)) if (SUPPORTED.includes(n) && parseQuantity(String(v)).sign() !== 0) add(requests, n, v);
    const seen = new Set<string>();
    for (const [n, v] of Object.entries(lim)) {
      if (SUPPORTED.includes(n) && parseQuantity(String(v)).sign() !== 0) {
        seen.add(n);
        add(limits, n, v);
      }
    }
    if (!SUPPORTED.every((n) => seen.has(n))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [n, r] of requests) {
      const l = limits.get(n);
      if (!l || l.cmp(r) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && limits.size === requests.size ? "Guaranteed" : "Burstable";
}
