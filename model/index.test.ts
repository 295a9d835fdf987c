import { describe, expect, it } from "vitest";
import * as api from "./index.ts";

describe("model/index.ts fidelity API", () => {
  it("exports the fidelity functions with the names the fidelity harness uses", () => {
    expect(api.parseSelector("a in (x,y),b!=z").toString()).toBe("a in (x,y),b!=z");
    expect(api.parseSelector("app=web").matches({ app: "web" })).toBe(true);
    expect(api.isQualifiedName("example.com/name")).toEqual([]);
    expect(api.isValidLabelValue("-bad")).not.toEqual([]);
    expect(api.isDNS1123Label("ok")).toEqual([]);
    expect(api.isDNS1123Subdomain("a.b")).toEqual([]);
    expect(api.isDNS1035Label("1abc")).not.toEqual([]);
    const q = api.parseQuantity("1536Mi");
    expect(q.toString()).toBe("1536Mi");
    expect(q.value()).toBe(1610612736n);
    expect(api.parseQuantity("1.5").milliValue()).toBe(1500n);
    expect(q.cmp(api.parseQuantity("1.5Gi"))).toBe(0);
    expect(api.resolveFenceposts("25%", "25%", 10)).toEqual({ surge: 3, unavailable: 2 });
    expect(api.resolveFenceposts(0, 0, 10)).toEqual({ surge: 0, unavailable: 1 });
    expect(() => api.resolveFenceposts("90", 0, 10)).toThrow();
    expect(api.hpaNormalizeReplicas(3, 100, 1, 200)).toEqual({ replicas: 6, condition: "ScaleUpLimit" });
    expect(
      api.hpaReplicas({
        currentReplicas: 2,
        targetUtilization: 50,
        pods: [
          { name: "a", phase: "Running", ready: true, requestMilli: 100, usageMilli: 100 },
          { name: "b", phase: "Running", ready: true, requestMilli: 100, usageMilli: 100 },
        ],
      }),
    ).toMatchObject({ replicas: 4, utilization: 100 });
    expect(
      api.getPodPhase(
        { spec: { restartPolicy: "Always", containers: [{ name: "c" }] }, status: { containerStatuses: [{ name: "c", state: { running: {} } } as any] } } as any,
        false,
      ),
    ).toBe("Running");
  });
});
