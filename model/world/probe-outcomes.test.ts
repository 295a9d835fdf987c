/** The world's probe outcome rules (probe-outcomes.ts): by name, prefix or selector; the last statement wins. */
import { describe, expect, it } from "vitest";
import type { WorldState } from "./types.ts";
import { addProbeRule, probeOutcome, type ProbeRule } from "./probe-outcomes.ts";

const world = (): WorldState => ({ machines: undefined as any, metrics: undefined as any, cloud: undefined as any });
const pod = (name: string, labels: Record<string, string> = { app: "web" }) => ({ namespace: "default", name, labels });
const rule = (r: Partial<ProbeRule>): ProbeRule => ({ namespace: "default", probe: "readiness", result: "failure", ...r });

describe("probe outcomes", () => {
  it("every probe succeeds by default", () => {
    expect(probeOutcome(world(), pod("web-0"), "app", "liveness")).toBe("success");
  });

  it("a rule matches by selector, name, name prefix, container and kind, in its namespace only", () => {
    const w = addProbeRule(world(), rule({ selector: "app=web", container: "app" }));
    expect(probeOutcome(w, pod("web-0"), "app", "readiness")).toBe("failure");
    expect(probeOutcome(w, pod("web-0"), "sidecar", "readiness")).toBe("success");
    expect(probeOutcome(w, pod("web-0"), "app", "liveness")).toBe("success");
    expect(probeOutcome(w, pod("db-0", { app: "db" }), "app", "readiness")).toBe("success");
    expect(probeOutcome(w, { ...pod("web-0"), namespace: "other" }, "app", "readiness")).toBe("success");
    const byPrefix = addProbeRule(world(), rule({ pod: "web-*" }));
    expect([probeOutcome(byPrefix, pod("web-7"), "x", "readiness"), probeOutcome(byPrefix, pod("api-1"), "x", "readiness")]).toEqual(["failure", "success"]);
  });

  it("the last statement wins, and restating a target replaces its rule", () => {
    let w = addProbeRule(world(), rule({ selector: "app=web" }));
    w = addProbeRule(w, rule({ pod: "web-1", result: "success" }));
    expect([probeOutcome(w, pod("web-0"), "app", "readiness"), probeOutcome(w, pod("web-1"), "app", "readiness")]).toEqual(["failure", "success"]);
    w = addProbeRule(w, rule({ selector: "app=web" }));
    expect(probeOutcome(w, pod("web-1"), "app", "readiness")).toBe("failure");
    expect(w.probeRules).toHaveLength(2);
  });

  it("a success that contradicts nothing leaves no rule behind", () => {
    let w = addProbeRule(world(), rule({ selector: "app=web" }));
    w = addProbeRule(w, rule({ selector: "app=web", result: "success" }));
    expect(w.probeRules).toBeUndefined();
    expect(addProbeRule(world(), rule({ pod: "web-0", result: "success" })).probeRules).toBeUndefined();
  });
});
