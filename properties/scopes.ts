/**
 * Scopes of the default suite: a small initial cluster, the user operations and faults that may happen in it,
 * and bounds. A scope is where the random checker and the explorer look; each covers some components.
 */
import type { Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";
import type { NodeSpec } from "../model/scenario/types.ts";
import { btreePrefix, btreeRange } from "../model/collections/btree.ts";
import { COMPONENT_BEHAVIORS } from "../model/components/registry.ts";
import { hasWorldHandler } from "../model/world/handlers.ts";

export interface Scope {
  readonly id: string;
  readonly description: string;
  /** Component kinds the scope needs (the scope is skipped when one is missing). */
  readonly needs: readonly string[];
  readonly nodes: readonly NodeSpec[];
  readonly objects: readonly KObject[];
  /** User operations possible now (deterministic order). */
  ops(state: State): Action[];
  /** Faults possible now (deterministic order). */
  faults(state: State): Action[];
  /** How many faults a run may inject. */
  readonly maxFaults: number;
  /** Logical time to let pass after the last step before checking convergence. */
  readonly settleTime: number;
}

const user = (request: any): Action => ({ type: "api", client: "user", request });

function objs(state: State, prefix: string): KObject[] {
  const out: KObject[] = [];
  for (const [, kv] of btreePrefix(state.store.kvs, prefix)) out.push(kv.value);
  return out;
}

const node = (name: string, zone = "zone-a"): NodeSpec => ({
  name,
  capacity: { cpu: "2", memory: "4Gi", pods: "10" },
  labels: { "topology.kubernetes.io/zone": zone },
});

const deployment = (name: string, replicas: number): KObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "default" },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: "app", image: "nginx:1.25", resources: { requests: { cpu: "250m", memory: "128Mi" } } }] },
    },
  },
});

/** Node faults: crash/recover and partition/heal for machines of the scope. */
function nodeFaults(state: State): Action[] {
  const out: Action[] = [];
  for (const [name, m] of btreeRange(state.world.machines)) {
    if (hasWorldHandler("node.crash")) out.push(m.up ? { type: "node.crash", node: name } : { type: "node.recover", node: name });
    if (hasWorldHandler("node.partition") && m.up) out.push(m.partitioned ? { type: "node.heal", node: name } : { type: "node.partition", node: name });
  }
  return out;
}

function componentRestarts(state: State): Action[] {
  const out: Action[] = [];
  for (const [id] of btreeRange(state.components)) if (!id.startsWith("kubelet/")) out.push({ type: "component.restart", component: id });
  return out;
}

function containerCrashes(state: State): Action[] {
  if (!hasWorldHandler("container.crash")) return [];
  const out: Action[] = [];
  for (const p of objs(state, "/registry/pods/")) {
    if (p.status?.phase !== "Running") continue;
    for (const c of p.spec?.containers ?? []) out.push({ type: "container.crash", namespace: p.metadata.namespace!, pod: p.metadata.name!, container: c.name, exitCode: 1 });
  }
  return out.slice(0, 4);
}

/** A ReplicaSet / Deployment workload on three nodes: scale, image changes, pause/resume, pod deletion, node faults. */
const workloads: Scope = {
  id: "workloads",
  description: "a Deployment on 3 nodes: scaling, image updates, pause/resume, pod deletion; node crash and partition, container crash, controller restarts, compaction",
  needs: ["scheduler", "kubelet", "replicaset-controller", "deployment-controller"],
  nodes: [node("node-1"), node("node-2"), node("node-3", "zone-b")],
  objects: [deployment("web", 3)],
  ops(state) {
    const out: Action[] = [];
    for (const d of objs(state, "/registry/deployments/")) {
      const ref = { resource: "deployments.apps", namespace: d.metadata.namespace, name: d.metadata.name };
      for (const r of [1, 4]) if (d.spec.replicas !== r) out.push(user({ verb: "patch", ...ref, patch: { spec: { replicas: r } } }));
      const img = d.spec.template.spec.containers[0].image;
      out.push(user({ verb: "set-image", ...ref, image: img === "nginx:1.25" ? "nginx:1.26" : "nginx:1.25" }));
      out.push(user({ verb: "patch", ...ref, patch: { spec: { paused: !d.spec.paused } } }));
    }
    const pods = objs(state, "/registry/pods/").filter((p) => !p.metadata.deletionTimestamp);
    if (pods[0]) out.push(user({ verb: "delete", resource: "pods", namespace: pods[0].metadata.namespace, name: pods[0].metadata.name }));
    return out;
  },
  faults(state) {
    return [...nodeFaults(state), ...containerCrashes(state), ...componentRestarts(state).slice(0, 3), { type: "store.compact" }];
  },
  maxFaults: 3,
  settleTime: 600,
};

/** Namespaces and their default ServiceAccount; creates racing with namespace deletion. */
const namespaces: Scope = {
  id: "namespaces",
  description: "namespaces created and deleted, objects created into them, the ServiceAccounts controller; restarts and compaction",
  needs: ["serviceaccounts-controller"],
  nodes: [],
  objects: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } }],
  ops(state) {
    const out: Action[] = [];
    const names = objs(state, "/registry/namespaces/").map((n) => n.metadata.name!);
    for (const ns of ["team-a", "team-b"]) {
      if (!names.includes(ns)) out.push(user({ verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } } }));
      else out.push(user({ verb: "create", resource: "configmaps", namespace: ns, object: { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "cm-", namespace: ns } } }));
      if (names.includes(ns) && COMPONENT_BEHAVIORS.has("namespace-controller")) out.push(user({ verb: "delete", resource: "namespaces", name: ns }));
    }
    for (const sa of objs(state, "/registry/serviceaccounts/")) out.push(user({ verb: "delete", resource: "serviceaccounts", namespace: sa.metadata.namespace, name: sa.metadata.name }));
    return out.slice(0, 8);
  },
  faults(state) {
    return [...componentRestarts(state), { type: "store.compact" }];
  },
  maxFaults: 2,
  settleTime: 60,
};

export const SCOPES: readonly Scope[] = [namespaces, workloads];

/** Scopes whose components all exist in this build. */
export function availableScopes(): Scope[] {
  return SCOPES.filter((s) => s.needs.every((k) => COMPONENT_BEHAVIORS.has(k)));
}

export const scopeById = (id: string): Scope | undefined => SCOPES.find((s) => s.id === id);
