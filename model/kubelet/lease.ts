/**
 * The node Lease heartbeat. Follows k8s.io/component-helpers/apimachinery/lease/controller.go (ensureLease,
 * tryUpdateLease, newLease) as the kubelet configures it (pkg/kubelet/kubelet.go: nodelease.NewController with
 * leaseDurationSeconds 40, renewed every 25 % of it = 10 s; the Lease is owned by the Node): a Lease named after
 * the node in kube-node-lease, holderIdentity = node, renewTime = now; created when missing, otherwise updated
 * against the resourceVersion just read (a conflict is retried at the next tick).
 */
import type { ComponentState, State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import type { EffectLog } from "../effects.ts";
import { send } from "../client.ts";
import { isStatus } from "../apiserver/status.ts";
import { timestamp } from "../clock.ts";
import { cacheGet } from "../informers/cache.ts";
import { LEASES, NODE_LEASE_NAMESPACE, NODES } from "./keys.ts";

/** The kubelet's --node-lease-duration-seconds default. */
export const NODE_LEASE_DURATION_SECONDS = 40;

/** metav1.MicroTime rendering of a logical time. */
export const microTime = (seconds: number): string => timestamp(seconds).replace(/Z$/, ".000000Z");

/** Renews (or creates) the node's Lease. */
export function renewLease(state: State, c: ComponentState, node: string, log: EffectLog): State {
  const renewTime = microTime(state.clock.now);
  const spec = { holderIdentity: node, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime };
  const got = send(state, c.id, { verb: "get", resource: LEASES, namespace: NODE_LEASE_NAMESPACE, name: node }, log);
  if (isStatus(got.result)) {
    if (got.result.code !== 404) return state;
    const nodeObj = cacheGet(c, NODES, node);
    const lease: KObject = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: {
        name: node,
        namespace: NODE_LEASE_NAMESPACE,
        ...(nodeObj?.metadata.uid ? { ownerReferences: [{ apiVersion: "v1", kind: "Node", name: node, uid: nodeObj.metadata.uid }] } : {}),
      },
      spec,
    };
    return send(state, c.id, { verb: "create", resource: LEASES, namespace: NODE_LEASE_NAMESPACE, object: lease }, log).state;
  }
  const current = got.result;
  const next: KObject = { ...current, spec: { ...(current.spec ?? {}), ...spec } };
  return send(state, c.id, { verb: "update", resource: LEASES, namespace: NODE_LEASE_NAMESPACE, name: node, object: next }, log).state;
}
