/** Building blocks shared by the scopes: object makers and the usual faults (store listings: invariants/objects.ts). */
import type { Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { NodeSpec } from "../../model/scenario/types.ts";
import { btreeRange } from "../../model/collections/btree.ts";
import { objectsUnder } from "../../invariants/objects.ts";

/** A user API request action. */
export const user = (request: any): Action => ({ type: "api", client: "user", request });

export const node = (name: string, zone = "zone-a"): NodeSpec => ({
  name,
  capacity: { cpu: "2", memory: "4Gi", pods: "10" },
  labels: { "topology.kubernetes.io/zone": zone },
});

export const deployment = (name: string, replicas: number): KObject => ({
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
export function nodeFaults(state: State): Action[] {
  const out: Action[] = [];
  for (const [name, m] of btreeRange(state.world.machines)) {
    out.push(m.up ? { type: "node.crash", node: name } : { type: "node.recover", node: name });
    if (m.up) out.push(m.partitioned ? { type: "node.heal", node: name } : { type: "node.partition", node: name });
  }
  return out;
}

export function componentRestarts(state: State): Action[] {
  const out: Action[] = [];
  for (const [id] of btreeRange(state.components)) if (!id.startsWith("kubelet/")) out.push({ type: "component.restart", component: id });
  return out;
}

export function containerCrashes(state: State): Action[] {
  const out: Action[] = [];
  for (const p of objectsUnder(state, "/registry/pods/")) {
    if (p.status?.phase !== "Running") continue;
    for (const c of p.spec?.containers ?? []) out.push({ type: "container.crash", namespace: p.metadata.namespace!, pod: p.metadata.name!, container: c.name, exitCode: 1 });
  }
  return out.slice(0, 4);
}


/** The user deleting the first live (not terminating) pod, in store order; `skip` names pods the scope keeps. */
export function deleteFirstLivePod(state: State, skip: readonly string[] = []): Action[] {
  const pod = objectsUnder(state, "/registry/pods/").find((p) => !p.metadata.deletionTimestamp && !skip.includes(p.metadata.name!));
  return pod ? [user({ verb: "delete", resource: "pods", namespace: pod.metadata.namespace, name: pod.metadata.name })] : [];
}
