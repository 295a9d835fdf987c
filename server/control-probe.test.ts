import { describe, expect, it } from "vitest";
import { faultAction } from "./control.ts";
import type { ServedCluster } from "./served-cluster.ts";

// The probe fault never reads the cluster (it names pods by name or selector, found when the probe runs).
const cluster = {} as ServedCluster;

describe("POST /kubeprop/v1/faults {fault: probe}", () => {
  it("is a probe.set world action, namespace default", () => {
    expect(faultAction(cluster, { fault: "probe", selector: "app=web", container: "app", probe: "readiness", result: "failure" })).toEqual({
      type: "probe.set",
      namespace: "default",
      selector: "app=web",
      container: "app",
      probe: "readiness",
      result: "failure",
    });
  });
  it("names the field that is wrong", () => {
    expect(() => faultAction(cluster, { fault: "probe", pod: "web-0", probe: "readyness", result: "failure" })).toThrow("probe: must be readiness, liveness or startup");
    expect(() => faultAction(cluster, { fault: "probe", pod: "web-0", selector: "app=web", probe: "liveness", result: "failure" })).toThrow("pod or selector");
    expect(() => faultAction(cluster, { fault: "probe", selector: "app in (", probe: "liveness", result: "failure" })).toThrow(/^selector: /);
  });
});
