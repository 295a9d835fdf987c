/** Invariants of scheduling and workloads. */
import type { Invariant, Violation } from "./types.ts";
import { eventsSince, isActivePod, nodes, pods, ref } from "./objects.ts";
import { parseQuantity } from "../model/quantity/index.ts";
import { btreeRange } from "../model/collections/btree.ts";
import type { KObject } from "../model/objects/types.ts";

/** A pod's nodeName, once set, never changes (binding is final: pkg/registry/core/pod/storage BindingREST). */
export const podNeverRebound: Invariant = {
  id: "pod-never-rebound",
  description: "a pod is bound to at most one node and never rebound",
  kind: "safety",
  source: "pkg/registry/core/pod/storage/storage.go (assignPod refuses a bound pod); pod spec.nodeName is immutable",
  check(state, prev) {
    const out: Violation[] = [];
    for (const ev of eventsSince(state, prev)) {
      if (!ev.kv.key.startsWith("/registry/pods/") || ev.type !== "PUT" || !ev.prevKv) continue;
      const before = ev.prevKv.value.spec?.nodeName;
      const after = ev.kv.value.spec?.nodeName;
      if (before && after !== before) {
        out.push({ invariant: this.id, objects: [ref(ev.kv.value)], message: `${ref(ev.kv.value)} was rebound from node ${before} to ${after || "(none)"}` });
      }
    }
    return out;
  },
};

/** The same pod (uid) never runs on two machines at once. */
export const podRunsOnOneNode: Invariant = {
  id: "pod-runs-on-one-node",
  description: "a pod's containers run on at most one machine",
  kind: "safety",
  source: "Kubernetes pod semantics: a pod is scheduled to exactly one node",
  check(state) {
    const where = new Map<string, string>();
    const out: Violation[] = [];
    for (const [name, m] of btreeRange(state.world.machines)) {
      for (const [uid, rp] of btreeRange(m.pods)) {
        const other = where.get(uid);
        if (other !== undefined) out.push({ invariant: this.id, objects: [`Pod ${rp.namespace}/${rp.name}`], message: `pod ${rp.namespace}/${rp.name} runs on both ${other} and ${name}` });
        where.set(uid, name);
      }
    }
    return out;
  },
};

const RESOURCES = ["cpu", "memory"] as const;

function podRequest(p: KObject, resource: string): bigint {
  let total = 0n;
  for (const c of p.spec?.containers ?? []) {
    const v = c.resources?.requests?.[resource];
    if (v !== undefined) total += parseQuantity(String(v)).milliValue();
  }
  // Init containers run before app containers: the pod needs the larger of the two (resource_helpers.go PodRequests).
  for (const c of p.spec?.initContainers ?? []) {
    const v = c.resources?.requests?.[resource];
    if (v !== undefined) {
      const q = parseQuantity(String(v)).milliValue();
      if (q > total) total = q;
    }
  }
  return total;
}

/** The sum of requests of the active pods bound to a node never exceeds its allocatable. */
export const nodeNotOvercommitted: Invariant = {
  id: "node-not-overcommitted",
  description: "the sum of requests of pods bound to a node is at most its allocatable (cpu, memory, pod count)",
  kind: "safety",
  source: "pkg/scheduler/framework/plugins/noderesources/fit.go (fitsRequest)",
  check(state, prev) {
    // Only a node write, or a write of a pod bound to a node (before or after), changes a node's sums: the status
    // writes of pending pods (thousands, when a large ReplicaSet outgrows its nodes) do not.
    const bound = (p: KObject | undefined) => Boolean(p?.spec?.nodeName);
    if (prev && !eventsSince(state, prev).some((e) => e.kv.key.startsWith("/registry/nodes/") || (e.kv.key.startsWith("/registry/pods/") && (bound(e.kv.value) || bound(e.prevKv?.value))))) return [];
    const out: Violation[] = [];
    const byNode = new Map<string, KObject[]>();
    for (const p of pods(state)) {
      const n = p.spec?.nodeName;
      if (!n || !isActivePod(p)) continue;
      if (!byNode.has(n)) byNode.set(n, []);
      byNode.get(n)!.push(p);
    }
    for (const node of nodes(state)) {
      const list = byNode.get(node.metadata.name!) ?? [];
      const alloc = node.status?.allocatable ?? {};
      for (const r of RESOURCES) {
        if (alloc[r] === undefined) continue;
        const cap = parseQuantity(String(alloc[r])).milliValue();
        const used = list.reduce((s, p) => s + podRequest(p, r), 0n);
        if (used > cap) {
          out.push({ invariant: this.id, objects: [`Node ${node.metadata.name}`, ...list.map(ref)], message: `node ${node.metadata.name} has ${r} requests ${used}m over allocatable ${cap}m` });
        }
      }
      const maxPods = alloc.pods !== undefined ? Number(parseQuantity(String(alloc.pods)).value()) : undefined;
      if (maxPods !== undefined && list.length > maxPods) {
        out.push({ invariant: this.id, objects: [`Node ${node.metadata.name}`], message: `node ${node.metadata.name} runs ${list.length} pods, allocatable pods is ${maxPods}` });
      }
    }
    return out;
  },
};

/** Pod IPs are unique among live pods. */
export const podIPsUnique: Invariant = {
  id: "pod-ips-unique",
  description: "no two live pods share a pod IP",
  kind: "safety",
  source: "Kubernetes network model: every pod gets its own IP",
  check(state, prev) {
    // Only a pod written with an IP can make a duplicate (a pending pod has none yet).
    if (prev && !eventsSince(state, prev).some((e) => e.type === "PUT" && e.kv.key.startsWith("/registry/pods/") && Boolean(e.kv.value.status?.podIP))) return [];
    const seen = new Map<string, KObject>();
    const out: Violation[] = [];
    for (const p of pods(state)) {
      const ip = p.status?.podIP;
      if (!ip || !isActivePod(p) || p.spec?.hostNetwork) continue;
      const other = seen.get(ip);
      if (other) out.push({ invariant: this.id, objects: [ref(other), ref(p)], message: `${ref(other)} and ${ref(p)} both have IP ${ip}` });
      else seen.set(ip, p);
    }
    return out;
  },
};

/** HPA's desired replicas stay within [minReplicas, maxReplicas]. */
export const hpaWithinBounds: Invariant = {
  id: "hpa-within-bounds",
  description: "an HPA's desired replicas are within [minReplicas, maxReplicas]",
  kind: "safety",
  source: "pkg/controller/podautoscaler/horizontal.go (convertDesiredReplicasWithRules)",
  check(state, prev) {
    const out: Violation[] = [];
    for (const ev of eventsSince(state, prev)) {
      if (!ev.kv.key.startsWith("/registry/horizontalpodautoscalers/") || ev.type !== "PUT") continue;
      const h = ev.kv.value;
      const d = h.status?.desiredReplicas;
      const min = h.spec?.minReplicas ?? 1;
      const max = h.spec?.maxReplicas;
      if (typeof d === "number" && h.spec?.scaleTargetRef && (d < min || (typeof max === "number" && d > max)) && d !== 0) {
        out.push({ invariant: this.id, objects: [ref(h)], message: `${ref(h)} wants ${d} replicas outside [${min}, ${max}]` });
      }
    }
    return out;
  },
};
