import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { componentAt, type State } from "../state.ts";
import { settle } from "../settle.ts";
import { step } from "../step.ts";
import { advance } from "../advance.ts";
import { EffectLog } from "../effects.ts";
import { btreeGet, btreeSet } from "../collections/btree.ts";
import { hostIPOf } from "../world/network.ts";
import { NS, createService, ok, runningPod, serviceCluster, serviceManifest, setPodStatus, stored } from "../services/cluster.test-support.ts";
import { applyConnect, connect, type ConnectRequest, type ConnectResult } from "./connect.ts";
import { kubeProxyId } from "./behavior.ts";
import type { KubeProxyMemory } from "./memory.ts";

const quiet = (s: State) => settle(s).state;
const IP = "10.96.0.10";

/** Three web pods on two nodes behind a ClusterIP Service (optionally with ClientIP affinity). */
function web(input: Parameters<typeof serviceManifest>[1] = {}): State {
  let s = serviceCluster();
  s = createService(s, serviceManifest("web", { clusterIP: IP, ...input }));
  s = runningPod(s, "web-0", { node: "n1", ip: "10.244.0.2" });
  s = runningPod(s, "web-1", { node: "n1", ip: "10.244.0.3" });
  s = runningPod(s, "web-2", { node: "n2", ip: "10.244.1.2" });
  return quiet(s);
}

/** Opens `n` connections in a row; returns the answers (pod names or the refusal) and the final state. */
function connections(state: State, req: ConnectRequest, n = 1): { state: State; answers: string[]; results: ConnectResult[] } {
  let s = state;
  const answers: string[] = [];
  const results: ConnectResult[] = [];
  for (let i = 0; i < n; i++) {
    const r = connect(s, req);
    s = r.state;
    results.push(r.result);
    answers.push(r.result.outcome === "served" ? r.result.pod ?? r.result.podIP : r.result.outcome);
  }
  return { state: s, answers, results };
}

const from = (node: string, clientIP = "10.244.0.50"): ConnectRequest => ({ fromNode: node, clientIP, ip: IP, port: 80 });
const nodeIP = (s: State, node: string) => hostIPOf(btreeGet(s.world.machines, node)!);

describe("kube-proxy: ClusterIP", () => {
  it("spreads connections round robin across the ready endpoints", () => {
    const r = connections(web(), from("n1"), 4);
    expect(r.answers).toEqual([`${NS}/web-0`, `${NS}/web-1`, `${NS}/web-2`, `${NS}/web-0`]);
    expect(r.results[0]).toEqual({ outcome: "served", node: "n1", servicePort: `${NS}/web:http`, pod: `${NS}/web-0`, podIP: "10.244.0.2", podPort: 8080, sticky: false });
  });

  it("each node's kube-proxy keeps its own cursor", () => {
    let s = web();
    s = connections(s, from("n1"), 2).state;
    expect(connections(s, from("n2"), 1).answers).toEqual([`${NS}/web-0`]);
  });

  it("sends a client to the same pod while ClientIP affinity holds, and moves on after the timeout", () => {
    let s = web({ sessionAffinity: "ClientIP", affinitySeconds: 60 });
    const a = connections(s, from("n1", "10.244.0.50"), 3);
    expect(a.answers).toEqual([`${NS}/web-0`, `${NS}/web-0`, `${NS}/web-0`]);
    expect(a.results.map((r) => r.outcome === "served" && r.sticky)).toEqual([false, true, true]);
    s = a.state;
    expect(connections(s, from("n1", "10.244.1.50"), 2).answers).toEqual([`${NS}/web-1`, `${NS}/web-1`]);
    s = connections(s, from("n1", "10.244.1.50")).state;
    // Used 59 s ago: still stuck. 60 s idle: the record has expired and the round robin goes on.
    s = advance(s, 59).state;
    const stuck = connections(s, from("n1", "10.244.0.50"));
    expect(stuck.answers).toEqual([`${NS}/web-0`]);
    s = advance(stuck.state, 60).state;
    expect(connections(s, from("n1", "10.244.0.50")).answers).toEqual([`${NS}/web-2`]);
  });

  it("forgets affinity to an endpoint that is gone", () => {
    let s = web({ sessionAffinity: "ClientIP" });
    s = connections(s, from("n1")).state;
    s = quiet(setPodStatus(s, "web-0", { ready: false }));
    expect(connections(s, from("n1"), 2).answers).toEqual([`${NS}/web-1`, `${NS}/web-1`]);
  });

  it("refuses when the Service has no ready endpoint, and does not answer a port without a rule", () => {
    let s = web();
    for (const p of ["web-0", "web-1", "web-2"]) s = setPodStatus(s, p, { ready: false });
    s = quiet(s);
    expect(connections(s, from("n1")).results[0]).toEqual({ outcome: "refused", node: "n1", reason: `service ${NS}/web:http has no endpoints` });
    expect(connections(s, { ...from("n1"), port: 81 }).results[0]).toMatchObject({ outcome: "no-answer", reason: `no rule for ${IP}:81/TCP` });
    expect(connections(s, { clientIP: "203.0.113.9", ip: IP, port: 80 }).results[0]!.outcome).toBe("no-answer");
  });

  it("internalTrafficPolicy Local keeps traffic on the client's node", () => {
    const s = web({ extraSpec: { internalTrafficPolicy: "Local" } });
    expect(connections(s, from("n2"), 2).answers).toEqual([`${NS}/web-2`, `${NS}/web-2`]);
  });
});

describe("kube-proxy: NodePort", () => {
  const nodePortWeb = (extra: Record<string, unknown> = {}) =>
    web({ type: "NodePort", ports: [{ name: "http", port: 80, targetPort: 8080, nodePort: 30080 }], extraSpec: extra });

  it("answers on every node's address, through that node's rules", () => {
    const s = nodePortWeb();
    const r = connections(s, { clientIP: "203.0.113.9", ip: nodeIP(s, "n2"), port: 30080 }, 2);
    expect(r.answers).toEqual([`${NS}/web-0`, `${NS}/web-1`]);
    expect(r.results[0]).toMatchObject({ node: "n2" });
    expect(connections(s, { clientIP: "203.0.113.9", ip: nodeIP(s, "n1"), port: 30081 }).results[0]).toMatchObject({ outcome: "refused", node: "n1" });
  });

  it("externalTrafficPolicy Local: a node without a local endpoint drops the connection", () => {
    let s = nodePortWeb({ externalTrafficPolicy: "Local" });
    s = quiet(setPodStatus(s, "web-2", { ready: false }));
    expect(connections(s, { clientIP: "203.0.113.9", ip: nodeIP(s, "n2"), port: 30080 }).results[0]).toMatchObject({ outcome: "no-answer", node: "n2" });
    expect(connections(s, { clientIP: "203.0.113.9", ip: nodeIP(s, "n1"), port: 30080 }, 2).answers).toEqual([`${NS}/web-0`, `${NS}/web-1`]);
  });

  it("a crashed node answers nothing", () => {
    let s = nodePortWeb();
    s = withMachine(s, "n2", { up: false });
    expect(connections(s, { clientIP: "203.0.113.9", ip: nodeIP(s, "n2"), port: 30080 }).results[0]).toEqual({ outcome: "no-answer", node: "n2", reason: "node n2 is down" });
    expect(connections(s, from("n2")).results[0]).toEqual({ outcome: "no-answer", node: "n2", reason: "node n2 is down" });
  });
});

describe("kube-proxy lag", () => {
  it("serves a deleted pod from stale rules until its informers deliver the change", () => {
    let s = web();
    s = ok(s, { verb: "delete", resource: "pods", namespace: NS, name: "web-0", gracePeriodSeconds: 0 });
    // The endpoints controller catches up; kube-proxy on n1 does nothing yet.
    const EC = "kube-controller-manager/endpoint";
    for (const r of ["pods", "endpoints", "services"]) s = step(s, { type: "informer.sync", component: EC, resource: r });
    s = step(s, { type: "reconcile", component: EC });
    expect(((stored(s, "endpoints", "web")!.subsets as any[])[0].addresses as unknown[]).length).toBe(2);
    const stale = connections(s, from("n1"), 3);
    expect(stale.answers).toEqual([`${NS}/web-0`, `${NS}/web-1`, `${NS}/web-2`]);
    // The informer delivers the new Endpoints: the key is queued, but the rules change only at the sync.
    s = step(stale.state, { type: "informer.sync", component: kubeProxyId("n1"), resource: "endpoints" });
    expect(connections(s, from("n1")).answers).toEqual([`${NS}/web-0`]);
    s = step(s, { type: "reconcile", component: kubeProxyId("n1") });
    expect(connections(s, from("n1"), 3).answers).toEqual([`${NS}/web-1`, `${NS}/web-2`, `${NS}/web-1`]);
  });

  it("a partitioned node cannot watch, so its rules go stale while the others follow", () => {
    let s = web();
    s = withMachine(s, "n2", { partitioned: true });
    s = quiet(setPodStatus(s, "web-0", { ready: false }));
    expect(connections(s, from("n1"), 2).answers).toEqual([`${NS}/web-1`, `${NS}/web-2`]);
    expect(connections(s, from("n2"), 3).answers).toEqual([`${NS}/web-0`, `${NS}/web-1`, `${NS}/web-2`]);
  });
});

describe("the connect action", () => {
  it("records the answer as a note of the deciding kube-proxy and moves its cursor", () => {
    const s = web();
    const log = new EffectLog();
    const next = applyConnect(s, { type: "connect", node: "n1", clientIP: "10.244.0.50", ip: IP, port: 80 }, log);
    expect(log.effects).toEqual([{ kind: "note", who: "kube-proxy/n1", text: `10.244.0.50 → ${IP}:80 → pod ${NS}/web-0 (10.244.0.2:8080)` }]);
    const rule = btreeGet(componentAt<KubeProxyMemory>(next, kubeProxyId("n1"))!.memory.rules, `${NS}/web:http`)!;
    expect(rule.cursor).toBe(1);
    const refused = new EffectLog();
    applyConnect(s, { type: "connect", node: "n1", clientIP: "10.244.0.50", ip: "10.96.0.99", port: 80 }, refused);
    expect(refused.effects).toEqual([{ kind: "note", who: "kube-proxy/n1", text: `10.244.0.50 → 10.96.0.99:80: no answer (no rule for 10.96.0.99:80/TCP)` }]);
  });
});

describe("kube-proxy properties", () => {
  it("without affinity, k rounds of connections give every ready endpoint exactly k", () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), (k, readiness) => {
        let s = web();
        readiness.forEach((r, i) => (s = setPodStatus(s, `web-${i}`, { ready: r })));
        s = quiet(s);
        const ready = readiness.filter(Boolean).length;
        const r = connections(s, from("n1"), k * Math.max(ready, 1));
        if (ready === 0) {
          expect(r.answers.every((a) => a === "refused")).toBe(true);
          return;
        }
        const counts = new Map<string, number>();
        for (const a of r.answers) counts.set(a, (counts.get(a) ?? 0) + 1);
        expect([...counts.keys()].sort()).toEqual(readiness.flatMap((rd, i) => (rd ? [`${NS}/web-${i}`] : [])));
        expect([...counts.values()].every((c) => c === k)).toBe(true);
      }),
      { numRuns: 25 },
    ));

  it("with affinity, a client's connections within the timeout all reach one pod", () =>
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("10.0.0.1", "10.0.0.2", "10.0.0.3"), fc.integer({ min: 0, max: 20 })), { maxLength: 15 }), (plan) => {
        let s = web({ sessionAffinity: "ClientIP", affinitySeconds: 30 });
        const seen = new Map<string, { pod: string; at: number }>();
        for (const [client, wait] of plan) {
          s = advance(s, wait).state;
          const r = connect(s, from("n1", client));
          s = r.state;
          if (r.result.outcome !== "served") throw new Error("refused");
          const prev = seen.get(client);
          if (prev && s.clock.now - prev.at < 30) expect(r.result.pod).toBe(prev.pod);
          seen.set(client, { pod: r.result.pod!, at: s.clock.now });
        }
      }),
      { numRuns: 25 },
    ));
});

/** The state with a machine's up/partitioned flags changed (as the kubelet's world handlers would). */
function withMachine(s: State, name: string, patch: { up?: boolean; partitioned?: boolean }): State {
  const m = btreeGet(s.world.machines, name)!;
  return { ...s, world: { ...s.world, machines: btreeSet(s.world.machines, name, { ...m, ...patch }) } };
}
