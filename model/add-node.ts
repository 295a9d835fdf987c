/**
 * Adding a node to the cluster: the machine in the world (with its pod CIDR, as the node IPAM controller would
 * give it), the Node object its kubelet registers (pkg/kubelet/kubelet_node_status.go registerWithAPIServer),
 * and the kubelet component itself.
 */
import type { State } from "./state.ts";
import type { KObject } from "./objects/types.ts";
import { btreeEmpty, btreeSet } from "./collections/btree.ts";
import { send } from "./client.ts";
import { isStatus, type Status } from "./apiserver/status.ts";
import { addComponent } from "./components/lifecycle.ts";
import type { Kinds } from "./components/kinds.ts";
import { BUILTIN_KINDS } from "./builtin-kinds.ts";
import { nodeObject } from "./nodes/node-object.ts";
import { machineCapacity } from "./nodes/node-status.ts";
import { getMachine } from "./world/machine.ts";
import { hostIPOf } from "./world/network.ts";

export interface NodeSpecInput {
  readonly name: string;
  readonly capacity: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly staticPods?: readonly KObject[];
}

export { KUBELET_KIND, kubeletId } from "./world/kubelet-id.ts";
import { kubeletId } from "./world/kubelet-id.ts";

/**
 * Adds the machine, registers its Node and starts the components every node runs (the config's nodeComponents:
 * the kubelet, kube-proxy); returns the refusal if registration fails.
 */
export function addNode(state: State, spec: NodeSpecInput, kinds: Kinds = BUILTIN_KINDS): { state: State; error?: Status } {
  const index = state.world.machines.size;
  // 10.244.0.0/24, 10.244.1.0/24, … then 10.245.0.0/24 from the 257th node (a /16 per 256 nodes).
  const podCIDR = `10.${244 + (index >> 8)}.${index & 255}.0/24`;
  const capacity = machineCapacity(spec.capacity);
  let s: State = {
    ...state,
    world: {
      ...state.world,
      machines: btreeSet(state.world.machines, spec.name, {
        name: spec.name,
        up: true,
        partitioned: false,
        capacity,
        ...(spec.labels ? { labels: spec.labels } : {}),
        ...(spec.staticPods ? { staticPods: spec.staticPods } : {}),
        podCIDR,
        nextIP: 2,
        pods: btreeEmpty(),
        hostPaths: [],
      }),
    },
  };
  const r = send(s, kubeletId(spec.name), { verb: "create", resource: "nodes", object: nodeObject({ ...spec, capacity, internalIP: hostIPOf(getMachine(s, spec.name)!) }, s.clock.now, podCIDR) });
  if (isStatus(r.result)) return { state, error: r.result };
  s = r.state;
  const rt = kinds.runtime(s.config);
  for (const c of s.config.nodeComponents) s = addComponent(rt, s, `${c.prefix}/${spec.name}`, c.kind);
  return { state: s };
}
