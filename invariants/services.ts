/** Service invariants (the allocators: pkg/registry/core/service/ipallocator and portallocator). */
import type { Invariant, Violation } from "./types.ts";
import { eventsSince, objectsUnder, ref } from "./objects.ts";
import type { KObject } from "../model/objects/types.ts";

export const clusterIPsUnique: Invariant = {
  id: "service-ips-and-node-ports-unique",
  description: "no two Services share a ClusterIP or a NodePort",
  kind: "safety",
  source: "pkg/registry/core/service/ipallocator, portallocator",
  check(state, prev) {
    if (prev && !eventsSince(state, prev).some((e) => e.kv.key.startsWith("/registry/services/"))) return [];
    const ips = new Map<string, KObject>();
    const ports = new Map<string, KObject>();
    const out: Violation[] = [];
    for (const s of objectsUnder(state, "/registry/services/")) {
      const ip = s.spec?.clusterIP;
      if (ip && ip !== "None") {
        const o = ips.get(ip);
        if (o) out.push({ invariant: this.id, objects: [ref(o), ref(s)], message: `${ref(o)} and ${ref(s)} both have ClusterIP ${ip}` });
        else ips.set(ip, s);
      }
      for (const p of s.spec?.ports ?? []) {
        if (!p.nodePort) continue;
        const k = `${p.protocol ?? "TCP"}/${p.nodePort}`;
        const o = ports.get(k);
        if (o && o !== s) out.push({ invariant: this.id, objects: [ref(o), ref(s)], message: `${ref(o)} and ${ref(s)} both use NodePort ${k}` });
        else ports.set(k, s);
      }
    }
    return out;
  },
};
