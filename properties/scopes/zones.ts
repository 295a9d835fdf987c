import type { Action } from "../../model/actions.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { Scope } from "./types.ts";
import { btreeGet } from "../../model/collections/btree.ts";
import { componentActions } from "../../model/enabled.ts";
import type { Runtime } from "../../model/components/kinds.ts";
import { timestamp } from "../../model/clock.ts";
import { nodeObject } from "../../model/nodes/node-object.ts";
import { user } from "./common.ts";
import { objectsUnder } from "../../invariants/objects.ts";

const NODE_LIFECYCLE = "kube-controller-manager/nodelifecycle";
const ZONE_LABEL = "topology.kubernetes.io/zone";
/** labelNodeDisruptionExclusion: a node so labelled is left out of the zone states. */
export const EXCLUDE_DISRUPTION_LABEL = "node.kubernetes.io/exclude-disruption";

/**
 * A Node as its kubelet registered it (Ready at time 0), in a zone. The scope has no machine behind it: the
 * control plane no longer hears from the node, as when it is cut off from it.
 */
function silentNode(name: string, zone: string): KObject {
  return nodeObject({ name, capacity: { cpu: "2", memory: "4Gi", pods: "10" }, labels: { [ZONE_LABEL]: zone } }, 0);
}

/**
 * A pod bound to a node by name (no scheduler). `tolerationSeconds` sets how long it stays on an unreachable
 * node (absent: DefaultTolerationSeconds' 300 s).
 */
export function boundPod(name: string, nodeName: string, tolerationSeconds?: number): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels: { app: "zones" } },
    spec: {
      nodeName,
      containers: [{ name: "app", image: "nginx:1.25", resources: { requests: { cpu: "100m", memory: "64Mi" } } }],
      ...(tolerationSeconds !== undefined
        ? { tolerations: ["node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready"].map((key) => ({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds })) }
        : {}),
    },
  };
}

const NODES: readonly KObject[] = [silentNode("node-a1", "zone-a"), silentNode("node-a2", "zone-a"), silentNode("node-b1", "zone-b")];
const PODS: readonly KObject[] = [boundPod("a1", "node-a1", 10), boundPod("a2", "node-a2"), boundPod("b1", "node-b1", 10)];

/** The node lifecycle controller's enabled actions (informer syncs, reconciles). */
function nodeLifecycleActions(rt: Runtime, state: Parameters<Scope["ops"]>[0]): Action[] {
  const c = btreeGet(state.components, NODE_LIFECYCLE);
  return c ? componentActions(rt, state, c) : [];
}

/**
 * Node `name`'s kubelet is heard again: it posts Ready with a fresh heartbeat (what a kubelet does when its
 * network comes back). Without a kubelet behind it, the node falls silent again one grace period later.
 */
function postReady(name: string, now: number): Action {
  const ts = timestamp(now);
  return {
    type: "api",
    client: `kubelet/${name}`,
    request: {
      verb: "patch",
      resource: "nodes",
      name,
      subresource: "status",
      patch: { status: { conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: ts, lastTransitionTime: ts }] } },
    },
  };
}

/**
 * Two zones whose nodes the control plane cannot hear (node-a1 and node-a2 in zone-a, node-b1 in zone-b), with
 * pods bound to each and the node lifecycle controller. Time passes past the grace period and the pods'
 * toleration of the unreachable taint; a node's kubelet may be heard again for a while (zone-b healthy beside a
 * fully disrupted zone-a: zone-a is drained), a node may be excluded from the disruption checks, pods evicted
 * are created again. When every zone is fully disrupted the controller must start no eviction (master
 * disruption mode): the runs end, after any prefix, with every node silent past the grace period.
 *
 * The node lifecycle controller's own actions are offered among the operations (as in lag.ts: each is an enabled
 * action the checker could also pick among all components), so that its passes keep up with the time that passes.
 */
export const zones: Scope = {
  id: "zones",
  description: "pods on 3 silent nodes in 2 zones and the node lifecycle controller: time past the grace period, a kubelet heard again, exclusion from disruption checks; controller restarts",
  needs: ["nodelifecycle-controller"],
  nodes: [],
  objects: [...NODES, ...PODS],
  ops(state, rt) {
    const out: Action[] = nodeLifecycleActions(rt, state);
    const live = new Set(objectsUnder(state, "/registry/pods/default/").map((p) => p.metadata.name));
    // An evicted pod is created again (as its controller would replace it), bound to the same node.
    for (const p of PODS) if (!live.has(p.metadata.name)) out.push(user({ verb: "create", resource: "pods", namespace: "default", object: p }));
    const a2 = objectsUnder(state, "/registry/nodes/node-a2")[0];
    if (a2) {
      const excluded = a2.metadata.labels?.[EXCLUDE_DISRUPTION_LABEL] !== undefined;
      out.push(user({ verb: "patch", resource: "nodes", name: "node-a2", patch: { metadata: { labels: { [EXCLUDE_DISRUPTION_LABEL]: excluded ? null : "" } } } }));
    }
    return out;
  },
  faults(state, rt) {
    return [postReady("node-b1", state.clock.now), postReady("node-a1", state.clock.now), { type: "component.restart", component: NODE_LIFECYCLE }, { type: "store.compact" }];
  },
  maxFaults: 2,
  settleTime: 60,
};
