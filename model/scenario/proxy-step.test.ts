/**
 * The `proxy` scenario step (nodes/proxy to a kubelet): parsing with one-line errors, and its expectation
 * checked against the answer the step's GET gets.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseScenario } from "./parse.ts";
import { runScenario } from "./run.ts";
import { ScenarioError } from "./types.ts";

const NODE_PROXY = readFileSync(new URL("../../scenarios/node-proxy.yaml", import.meta.url), "utf8");
const NODES = "nodes: [{ name: n1, capacity: { cpu: '2', memory: 4Gi, pods: '10' } }]\n";

function errorOf(text: string): string {
  try {
    parseScenario(text, "s.yaml");
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  return "no error";
}
const proxyStep = (body: string) => errorOf(`${NODES}steps:\n  - proxy: ${body}\n`);

describe("proxy step: parsing", () => {
  it("turns a proxy step into a user's nodes/proxy GET, /pods by default, with its expectation", () => {
    const sc = parseScenario(`${NODES}steps:\n  - proxy: { node: n1 }\n  - proxy: { node: n1, path: healthz, expect: { code: 500 } }\n  - proxy: { node: n1, expect: { pods: [default/a] } }\n`, "s.yaml");
    expect(sc.steps).toEqual([
      { kind: "action", action: { type: "api", client: "user", request: { verb: "get", resource: "nodes", name: "n1", subresource: "proxy", path: "pods" } } },
      { kind: "action", action: { type: "api", client: "user", request: { verb: "get", resource: "nodes", name: "n1", subresource: "proxy", path: "healthz" } }, expectProxy: { code: 500 }, where: "steps[1].proxy.expect" },
      { kind: "action", action: { type: "api", client: "user", request: { verb: "get", resource: "nodes", name: "n1", subresource: "proxy", path: "pods" } }, expectProxy: { pods: ["default/a"] }, where: "steps[2].proxy.expect" },
    ]);
  });

  it("names the file and the field of each mistake", () => {
    expect(proxyStep("{ node: n9 }")).toBe('s.yaml: steps[0].proxy.node: unknown node "n9" (nodes: n1)');
    expect(proxyStep("{ node: n1, port: 1 }")).toMatch(/^s\.yaml: steps\[0\]\.proxy\.port: unknown/);
    expect(proxyStep("{ node: n1, expect: { pods: [a], code: 500 } }")).toBe("s.yaml: steps[0].proxy.expect: give exactly one of pods or code");
    expect(proxyStep("{ node: n1, expect: { pods: [web] } }")).toBe("s.yaml: steps[0].proxy.expect.pods: expected a list of namespace/name");
    expect(proxyStep("n1")).toMatch(/^s\.yaml: steps\[0\]\.proxy: expected \{node, path\?, expect\?/);
  });
});

describe("proxy step: running", () => {
  it("scenarios/node-proxy.yaml meets every expectation: the kubelet's lagging answer, the partition's 500, the heal", () => {
    const r = runScenario(parseScenario(NODE_PROXY, "node-proxy.yaml"));
    expect(r.expectationFailures).toEqual([]);
    expect(r.violations).toEqual([]);
  });

  it("reports an unmet expectation with the answer it got", () => {
    const text = NODE_PROXY.replace("proxy: { node: node-2, expect: { pods: [] } }", "proxy: { node: node-2, expect: { pods: [default/web-1] } }").replace("proxy: { node: node-1, expect: { code: 500 } }", "proxy: { node: node-1, expect: { pods: [default/web-0] } }");
    const r = runScenario(parseScenario(text, "node-proxy.yaml"));
    expect(r.expectationFailures).toEqual([
      "steps[6].proxy.expect: the kubelet listed []; expected the kubelet to list [default/web-1]",
      "steps[8].proxy.expect: the API server answered 500: error trying to reach service: dial tcp 172.18.0.2:10250: i/o timeout; expected the kubelet to list [default/web-0]",
    ]);
  });
});
