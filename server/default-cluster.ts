/**
 * The cluster `kubeprop serve` runs when no scenario is given: two nodes, as small as a real cluster worth
 * faulting (a crash of one leaves somewhere for its pods to go). Tests and the load bench start from it too.
 */
import { parseScenario } from "../model/scenario/parse.ts";
import type { Scenario } from "../model/scenario/types.ts";

export interface ClusterShape {
  readonly name?: string;
  readonly nodes?: number;
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: string;
}

/** A scenario of `nodes` identical nodes named node-1, node-2, ... and no objects. */
export function servedCluster(shape: ClusterShape = {}): Scenario {
  const { name = "serve", nodes = 2, cpu = "4", memory = "8Gi", pods = "110" } = shape;
  const lines = [`name: ${name}`, "description: the default cluster of kubeprop serve", "nodes:"];
  for (let i = 1; i <= nodes; i++) lines.push(`  - name: node-${i}`, `    capacity: { cpu: "${cpu}", memory: ${memory}, pods: "${pods}" }`);
  return parseScenario(lines.join("\n") + "\n", `<${name} cluster>`);
}
