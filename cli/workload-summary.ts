/**
 * How the workloads of a run ended, one line each, as `kubectl get deployments,replicasets,replicationcontrollers`
 * and `kubectl get pods` would sum them up: for a manifest set, the answer to "did my app come up?".
 * Columns follow pkg/printers/internalversion/printers.go (printDeployment: READY ready/desired, UP-TO-DATE,
 * AVAILABLE); pods are counted by phase.
 */
import type { State } from "../model/state.ts";
import { btreeValues } from "../model/collections/btree.ts";

const n = (v: unknown): number => (typeof v === "number" ? v : 0);

/** "Deployment shop/web: 3/3 ready, 3 up-to-date, 3 available" lines, then "pods: 5 Running, 1 Pending". */
export function workloadSummary(state: State): string[] {
  const lines: string[] = [];
  const phases = new Map<string, number>();
  for (const kv of btreeValues(state.store.kvs)) {
    const o = kv.value as any;
    const where = `${o.metadata?.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata?.name}`;
    if (o.kind === "Deployment") {
      lines.push(`Deployment ${where}: ${n(o.status?.readyReplicas)}/${n(o.spec?.replicas)} ready, ${n(o.status?.updatedReplicas)} up-to-date, ${n(o.status?.availableReplicas)} available`);
    } else if ((o.kind === "ReplicaSet" || o.kind === "ReplicationController") && !(o.metadata?.ownerReferences ?? []).some((r: any) => r?.controller)) {
      // A ReplicaSet a Deployment owns is the Deployment's business; one the user made is shown on its own.
      lines.push(`${o.kind} ${where}: ${n(o.status?.readyReplicas)}/${n(o.spec?.replicas)} ready`);
    } else if (o.kind === "Pod") {
      const phase = o.metadata?.deletionTimestamp ? "Terminating" : (o.status?.phase ?? "Pending");
      phases.set(phase, (phases.get(phase) ?? 0) + 1);
    }
  }
  if (phases.size > 0) lines.push(`pods: ${[...phases].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([p, k]) => `${k} ${p}`).join(", ")}`);
  return lines;
}
