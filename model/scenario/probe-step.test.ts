/** The scenario's `probe` step and the raw probe.set action (model/scenario/probe-step.ts, validate-action.ts). */
import { describe, expect, it } from "vitest";
import { parseScenario } from "./parse.ts";
import { validateAction } from "./validate-action.ts";

const parse = (steps: string) => parseScenario(`nodes: [{ name: n1 }]\nsteps:\n${steps}`, "s.yaml", () => "");
const fail = (where: string, why: string): never => {
  throw new Error(`${where}: ${why}`);
};

describe("scenario step probe", () => {
  it("reads as a statement about the app: a selector, a container, a probe kind, a result", () => {
    const sc = parse("  - probe: { selector: app=web, container: web, probe: readiness, result: failure }\n");
    expect(sc.steps).toEqual([
      { kind: "action", action: { type: "probe.set", namespace: "default", selector: "app=web", container: "web", probe: "readiness", result: "failure" } },
    ]);
  });

  it("names one pod instead, in a namespace", () => {
    const sc = parse("  - probe: { pod: web-0, namespace: shop, probe: liveness, result: success }\n");
    expect(sc.steps[0]).toEqual({ kind: "action", action: { type: "probe.set", namespace: "shop", pod: "web-0", probe: "liveness", result: "success" } });
  });

  it("says which field is wrong", () => {
    expect(() => parse("  - probe: { selector: app=web, probe: ready, result: failure }\n")).toThrow("steps[0].probe.probe: must be readiness, liveness or startup");
    expect(() => parse("  - probe: { selector: app=web, probe: readiness, result: flaky }\n")).toThrow("steps[0].probe.result: must be success, failure or timeout");
    expect(() => parse("  - probe: { probe: readiness, result: failure }\n")).toThrow("steps[0].probe: a probe.set names its pods by exactly one of pod or selector");
    expect(() => parse("  - probe: { selector: app=web, probe: readiness, result: failure, delay: 3 }\n")).toThrow("steps[0].probe.delay: unknown field");
    expect(() => parse("  - probe: { selector: 'app in (', probe: readiness, result: failure }\n")).toThrow("steps[0].probe.selector:");
  });

  it("the raw action is checked the same way (traces, `action:` steps)", () => {
    const a = { type: "probe.set", namespace: "default", pod: "web-*", probe: "startup", result: "failure" };
    expect(validateAction(a, fail)).toEqual(a);
    expect(() => validateAction({ ...a, result: true }, fail)).toThrow(".result: expected a string");
  });
});
