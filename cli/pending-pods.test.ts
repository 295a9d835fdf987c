import { describe, expect, it } from "vitest";
import { parseScenario } from "../model/scenario/parse.ts";
import { runScenario } from "../model/scenario/run.ts";
import { unschedulableSummary } from "./pending-pods.ts";

const scenario = (pods: number) => `name: full
nodes:
  - name: node-1
    capacity: { cpu: "4", memory: 8Gi, pods: "${pods}" }
objects:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web, namespace: default }
    spec:
      replicas: 5
      selector: { matchLabels: { app: web } }
      template:
        metadata: { labels: { app: web } }
        spec: { containers: [{ name: c, image: nginx }] }
steps:
  - settle: {}
`;

describe("the summary's pending pods (FailedScheduling, by reason)", () => {
  it("counts the pods a full node cannot take, with the scheduler's message", () => {
    const r = runScenario(parseScenario(scenario(3), "full.yaml"));
    const lines = unschedulableSummary(r.state);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^2 pods not scheduled \(Unschedulable: 0\/1 nodes are available: 1 Too many pods\./);
  });

  it("says nothing when every pod is placed", () => {
    expect(unschedulableSummary(runScenario(parseScenario(scenario(110), "fits.yaml")).state)).toEqual([]);
  });
});
