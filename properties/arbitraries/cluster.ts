/**
 * fast-check arbitraries for clusters: nodes with capacities, zone and other labels. Shrinking goes towards
 * fewer, smaller nodes in one zone (fast-check shrinks arrays by dropping elements and constantFrom towards
 * its first value), so a shrunk counterexample names the smallest cluster that still shows it.
 */
import fc from "fast-check";
import type { NodeSpec } from "../../model/scenario/types.ts";

/** Options for {@link clusterArb}. */
export interface ClusterShape {
  readonly minNodes?: number;
  readonly maxNodes?: number;
  /** Zone names nodes are spread over (topology.kubernetes.io/zone). */
  readonly zones?: readonly string[];
}

/** One node's capacity: cpu cores, memory and the pods-per-node limit, as the kubelet reports them. */
export const capacityArb: fc.Arbitrary<Record<string, string>> = fc.record({
  cpu: fc.constantFrom("2", "1", "4"),
  memory: fc.constantFrom("4Gi", "2Gi", "8Gi"),
  pods: fc.constantFrom("10", "3", "110"),
});

/** Node labels beyond the zone: a disk type some workloads select on. */
const extraLabelsArb: fc.Arbitrary<Record<string, string>> = fc.option(fc.constantFrom("ssd", "hdd"), { nil: undefined }).map((d): Record<string, string> => (d ? { disktype: d } : {}));

/** A cluster's nodes, named node-1..node-N. */
export function clusterArb(shape: ClusterShape = {}): fc.Arbitrary<NodeSpec[]> {
  const zones = shape.zones ?? ["zone-a", "zone-b"];
  const one = fc.record({ capacity: capacityArb, zone: fc.constantFrom(...zones), extra: extraLabelsArb });
  return fc.array(one, { minLength: shape.minNodes ?? 1, maxLength: shape.maxNodes ?? 3 }).map((ns) =>
    ns.map((n, i) => ({ name: `node-${i + 1}`, capacity: n.capacity, labels: { "topology.kubernetes.io/zone": n.zone, ...n.extra } })),
  );
}
