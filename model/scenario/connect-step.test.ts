/**
 * The `connect` scenario step: a connection from a node (or from outside) to a ClusterIP, node port or load
 * balancer, with an optional expectation of the answer; its mistakes named by file and field; and traces of
 * connect actions that replay to the same answers.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { parseScenario } from "./parse.ts";
import { runScenario, type RunResult } from "./run.ts";
import { ScenarioError } from "./types.ts";
import { traceDocument, traceJson } from "./trace.ts";

const KUBE_PROXY = readFileSync(new URL("../../scenarios/kube-proxy.yaml", import.meta.url), "utf8");

function errorOf(text: string): string {
  try {
    parseScenario(text, "s.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error("expected a ScenarioError");
}

const NODES = "nodes: [{ name: n1 }, { name: n2 }]\n";
const connectStep = (body: string) => errorOf(`${NODES}steps:\n  - connect: ${body}\n`);

/** The connection answers of a run, as its trace notes. */
const answers = (r: RunResult): string[] => r.trace.filter((t) => t.action.type === "connect").map((t) => t.effects.map((e) => (e.kind === "note" ? e.text : "")).join());

describe("connect step: parsing", () => {
  it("turns a connect step into the connect action, with its expectation", () => {
    const sc = parseScenario(`${NODES}steps:\n  - connect: { from: n1, clientIP: 10.244.0.9, to: 10.96.0.10:80, protocol: TCP, expect: { servedBy: web-0, affinity: true } }\n  - connect: { clientIP: 203.0.113.7, to: "172.18.0.3:30080" }\n`, "s.yaml");
    expect(sc.steps).toEqual([
      { kind: "action", action: { type: "connect", node: "n1", clientIP: "10.244.0.9", ip: "10.96.0.10", port: 80, protocol: "TCP" }, expectConnect: { servedBy: "web-0", affinity: true }, where: "steps[0].connect.expect" },
      { kind: "action", action: { type: "connect", clientIP: "203.0.113.7", ip: "172.18.0.3", port: 30080 } },
    ]);
    const refused = parseScenario(`${NODES}steps:\n  - connect: { from: n2, clientIP: 10.244.1.9, to: "10.96.0.12:80", expect: { refused: true } }\n  - connect: { from: n2, clientIP: 10.244.1.9, to: "10.96.0.13:80", expect: { noAnswer: true } }\n`, "s.yaml");
    expect(refused.steps.map((s) => s.kind === "action" && s.expectConnect)).toEqual([{ refused: true }, { noAnswer: true }]);
  });

  it("names the file and the field of every mistake", () => {
    expect(connectStep("{ from: n3, clientIP: 10.244.0.9, to: 10.96.0.10:80 }")).toBe('s.yaml: steps[0].connect.from: unknown node "n3" (nodes: n1, n2; omit from for a client outside the cluster)');
    expect(connectStep("{ from: n1, to: 10.96.0.10:80 }")).toBe("s.yaml: steps[0].connect.clientIP: expected a non-empty string");
    expect(connectStep("{ from: n1, clientIP: 10.244.0, to: 10.96.0.10:80 }")).toBe('s.yaml: steps[0].connect.clientIP: "10.244.0" is not an IPv4 address');
    expect(connectStep("{ from: n1, clientIP: 10.244.0.9, to: 10.96.0.10 }")).toBe('s.yaml: steps[0].connect.to: expected "IP:port" such as 10.96.0.10:80');
    expect(connectStep("{ from: n1, clientIP: 10.244.0.9, to: web:80 }")).toBe('s.yaml: steps[0].connect.to: "web" is not an IPv4 address');
    expect(connectStep("{ from: n1, clientIP: 10.244.0.9, to: 10.96.0.10:70000 }")).toBe("s.yaml: steps[0].connect.to: port 70000 is out of range (1-65535)");
    expect(connectStep("{ from: n1, clientIP: 10.244.0.9, to: 10.96.0.10:80, protocol: HTTP }")).toBe('s.yaml: steps[0].connect.protocol: must be TCP, UDP, SCTP, not "HTTP"');
    expect(connectStep("{ from: n1, clientIP: 10.244.0.9, target: 10.96.0.10:80 }")).toBe("s.yaml: steps[0].connect.target: unknown field (allowed: from, clientIP, to, protocol, expect)");
    expect(connectStep("10.96.0.10:80")).toBe('s.yaml: steps[0].connect: expected {from?: <node>, clientIP, to: "IP:port", protocol?, expect?}');
  });

  it("names the field of a bad expectation", () => {
    const base = "{ from: n1, clientIP: 10.244.0.9, to: 10.96.0.10:80, expect: ";
    const shape = "expected {servedBy: <pod>, affinity?: true|false}, {refused: true} or {noAnswer: true}";
    expect(connectStep(`${base}{ servedBy: web-0, refused: true } }`)).toBe(`s.yaml: steps[0].connect.expect: ${shape} (found servedBy and refused)`);
    expect(connectStep(`${base}{} }`)).toBe(`s.yaml: steps[0].connect.expect: ${shape} (found none of them)`);
    expect(connectStep(`${base}web-0 }`)).toBe(`s.yaml: steps[0].connect.expect: ${shape}`);
    expect(connectStep(`${base}{ refused: false } }`)).toBe("s.yaml: steps[0].connect.expect.refused: expected true (use servedBy or noAnswer for other answers)");
    expect(connectStep(`${base}{ refused: true, affinity: true } }`)).toBe("s.yaml: steps[0].connect.expect.affinity: only goes with servedBy");
    expect(connectStep(`${base}{ servedBy: web-0, affinity: sometimes } }`)).toBe("s.yaml: steps[0].connect.expect.affinity: expected true or false");
    expect(connectStep(`${base}{ servedBy: "" } }`)).toBe("s.yaml: steps[0].connect.expect.servedBy: expected a non-empty string");
    expect(connectStep(`${base}{ pod: web-0 } }`)).toBe("s.yaml: steps[0].connect.expect.pod: unknown field (allowed: servedBy, affinity, refused, noAnswer)");
  });

  it("checks raw connect actions (as traces write them) for addresses, port and protocol", () => {
    const raw = (fields: string) => errorOf(`steps:\n  - { type: connect, ${fields} }\n`);
    expect(raw("clientIP: 10.0.0.1, ip: 10.96.0.10, port: 0")).toBe("s.yaml: steps[0].port: expected a port number (1-65535)");
    expect(raw("clientIP: 10.0.0.1, ip: 10.96.0.10, port: 80.5")).toBe("s.yaml: steps[0].port: expected a port number (1-65535)");
    expect(raw("clientIP: me, ip: 10.96.0.10, port: 80")).toBe('s.yaml: steps[0].clientIP: "me" is not an IPv4 address');
    expect(raw("clientIP: 10.0.0.1, ip: 10.96.0.10, port: 80, protocol: ICMP")).toBe("s.yaml: steps[0].protocol: must be TCP, UDP or SCTP");
    expect(raw("clientIP: 10.0.0.1, port: 80")).toBe("s.yaml: steps[0].ip: is required");
  });
});

describe("connect step: running", () => {
  it("scenarios/kube-proxy.yaml meets every connection expectation", () => {
    const r = runScenario(parseScenario(KUBE_PROXY, "kube-proxy.yaml"));
    expect(r.expectationFailures).toEqual([]);
    expect(answers(r)).toHaveLength(17);
    expect(answers(r)[11]).toBe("10.244.1.100 → 10.96.0.12:80: connection refused (service default/empty:http has no endpoints)");
  });

  it("reports a connection answered otherwise than expected, with the place and the answer", () => {
    const wrong = KUBE_PROXY.replace('clientIP: 10.244.0.101, to: "10.96.0.10:80", expect: { servedBy: web-1 }', 'clientIP: 10.244.0.101, to: "10.96.0.10:80", expect: { servedBy: web-2 }')
      .replace('clientIP: 10.244.1.100, to: "10.96.0.12:80", expect: { refused: true }', 'clientIP: 10.244.1.100, to: "10.96.0.12:80", expect: { servedBy: web-1 }')
      .replace('clientIP: 10.244.0.100, to: "10.96.0.11:80", expect: { servedBy: web-0, affinity: true }', 'clientIP: 10.244.0.100, to: "10.96.0.11:80", expect: { servedBy: default/web-0, affinity: false }');
    expect(runScenario(parseScenario(wrong, "kube-proxy.yaml")).expectationFailures).toEqual([
      "steps[3].connect.expect: 10.244.0.101 → 10.96.0.10:80 → pod default/web-1 (10.244.0.3:8080); expected served by web-2",
      "steps[7].connect.expect: 10.244.0.100 → 10.96.0.11:80 → pod default/web-0 (10.244.0.2:8080) [affinity]; expected served by default/web-0 without affinity",
      "steps[14].connect.expect: 10.244.1.100 → 10.96.0.12:80: connection refused (service default/empty:http has no endpoints); expected served by web-1",
    ]);
  });

  it("a run's trace (connect actions included) replays to the same answers and the same state", () => {
    const sc = parseScenario(KUBE_PROXY, "kube-proxy.yaml");
    const first = runScenario(sc);
    const json = traceJson(traceDocument(sc, first.trace.map((t) => t.action)));
    expect(json).toContain('"type": "connect"');
    const replayed = runScenario(parseScenario(json, "trace.json"));
    expect(answers(replayed)).toEqual(answers(first));
    expect(JSON.stringify(replayed.state)).toBe(JSON.stringify(first.state));
    // The replayed trace writes the same trace again.
    expect(traceJson(traceDocument(parseScenario(json, "trace.json"), replayed.trace.map((t) => t.action)))).toBe(json);
  });

  it("a connect step gives the same trace as the raw connect action it stands for (property)", () => {
    const head = KUBE_PROXY.slice(0, KUBE_PROXY.indexOf("steps:"));
    const destinations = ["10.96.0.10:80", "10.96.0.11:80", "10.96.0.12:80", "10.96.0.13:80", "172.18.0.2:30080", "172.18.0.3:30080"];
    const conn = fc.record({ from: fc.constantFrom<string | undefined>("n1", "n2", undefined), client: fc.nat(3), to: fc.constantFrom(...destinations), wait: fc.boolean() });
    fc.assert(
      fc.property(fc.array(conn, { minLength: 1, maxLength: 6 }), (conns) => {
        const lines = (raw: boolean) =>
          conns.map((c) => {
            const [ip, port] = c.to.split(":");
            const clientIP = `10.244.0.${100 + c.client}`;
            const from = c.from ? (raw ? `node: ${c.from}, ` : `from: ${c.from}, `) : "";
            const step = raw ? `  - { type: connect, ${from}clientIP: ${clientIP}, ip: ${ip}, port: ${port} }` : `  - connect: { ${from}clientIP: ${clientIP}, to: "${c.to}" }`;
            return c.wait ? `${step}\n  - advance: 20s` : step;
          });
        const run = (raw: boolean) => runScenario(parseScenario(`${head}steps:\n  - settle: {}\n${lines(raw).join("\n")}\n`, "p.yaml"));
        const [a, b] = [run(false), run(true)];
        expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
      }),
      { numRuns: 8 },
    );
  });
});
