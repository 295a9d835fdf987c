import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Container, ContainerStatus, Pod } from "kubernetes-types/core/v1.js";
import cases from "../../test/fixtures/fidelity/pod-phase.json" with { type: "json" };
import { getPhase, getPodPhase, type PodPhase } from "./pod-phase.ts";

type Helper =
  | "waiting"
  | "waitingLastTermZero"
  | "waitingLastTermNonZero"
  | "running"
  | "started"
  | "stopped"
  | "succeeded"
  | "failed";

interface StatusRow {
  name: string;
  state: "waiting" | "running" | "terminated";
  exitCode?: number;
  lastTerminationExitCode?: number;
  started?: boolean;
  helper: string;
}

interface PhaseCase {
  kind: string;
  source: string;
  restartPolicy: string;
  initContainers: { name: string; restartPolicy?: string }[];
  containers: string[];
  initContainerStatuses: StatusRow[];
  containerStatuses: StatusRow[];
  podIsTerminal: boolean;
  expectedPhase: PodPhase;
}

/** The container statuses built by kubelet_pods_test.go's helpers (waitingState, runningState, ...). */
function helperStatus(name: string, helper: Helper): ContainerStatus {
  const base = { name, image: "", imageID: "", ready: false, restartCount: 0 };
  switch (helper) {
    case "waiting":
      return { ...base, state: { waiting: {} } };
    case "waitingLastTermZero":
      return { ...base, state: { waiting: {} }, lastState: { terminated: { exitCode: 0 } } };
    case "waitingLastTermNonZero":
      return { ...base, state: { waiting: {} }, lastState: { terminated: { exitCode: -1 } } };
    case "running":
      return { ...base, state: { running: {} } };
    case "started":
      return { ...base, state: { running: {} }, started: true };
    case "stopped":
      return { ...base, state: { terminated: { exitCode: 0 } } };
    case "succeeded":
      return { ...base, state: { terminated: { exitCode: 0 } } };
    case "failed":
      return { ...base, state: { terminated: { exitCode: -1 } } };
  }
}

function toStatus(row: StatusRow): ContainerStatus {
  const s = helperStatus(row.name, row.helper as Helper);
  // the row's own fields agree with the helper it names
  expect(Object.keys(s.state ?? {})).toEqual([row.state]);
  if (row.exitCode !== undefined) expect(s.state?.terminated?.exitCode).toBe(row.exitCode);
  if (row.lastTerminationExitCode !== undefined) expect(s.lastState?.terminated?.exitCode).toBe(row.lastTerminationExitCode);
  if (row.started !== undefined) expect(s.started).toBe(row.started);
  return s;
}

function toPod(c: PhaseCase): Pod {
  const initContainers: Container[] = c.initContainers.map((ic) =>
    ic.restartPolicy === undefined ? { name: ic.name } : { name: ic.name, restartPolicy: ic.restartPolicy },
  );
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "foo", namespace: "new" },
    spec: {
      restartPolicy: c.restartPolicy,
      initContainers,
      containers: c.containers.map((name) => ({ name })),
    },
    status: {
      initContainerStatuses: c.initContainerStatuses.map(toStatus),
      containerStatuses: c.containerStatuses.map(toStatus),
    },
  };
}

const rows = cases as unknown as PhaseCase[];

describe("getPodPhase (pkg/kubelet/kubelet_pods.go getPhase) against kubelet_pods_test.go vectors", () => {
  it("has the fixture rows", () => {
    expect(rows.length).toBeGreaterThan(0);
  });
  rows.forEach((c, i) => {
    it(`${c.kind} #${i}: ${c.source.split("#")[1]}`, () => {
      expect(c.kind).toBe("pod-phase");
      const pod = toPod(c);
      expect(getPodPhase(pod, c.podIsTerminal)).toBe(c.expectedPhase);
      // the Go test hands getPhase initContainerStatuses ++ containerStatuses: order does not matter
      const goOrder = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
      expect(getPhase(pod, goOrder, c.podIsTerminal)).toBe(c.expectedPhase);
    });
  });
});

describe("getPodPhase, other behaviour", () => {
  it("keeps a terminal static pod on the restart-policy rule", () => {
    const pod: Pod = {
      metadata: { name: "s", annotations: { "kubernetes.io/config.source": "file" } },
      spec: { restartPolicy: "Always", containers: [{ name: "a" }] },
      status: { containerStatuses: [helperStatus("a", "failed")] },
    };
    expect(getPodPhase(pod, true)).toBe("Running");
    const apiPod: Pod = { ...pod, metadata: { name: "s", annotations: { "kubernetes.io/config.source": "api" } } };
    expect(getPodPhase(apiPod, true)).toBe("Failed");
  });

  it("fails a restartPolicy=Never pod whose regular init container failed", () => {
    const pod: Pod = {
      spec: { restartPolicy: "Never", initContainers: [{ name: "i" }], containers: [{ name: "a" }] },
      status: { initContainerStatuses: [helperStatus("i", "failed")] },
    };
    expect(getPodPhase(pod, false)).toBe("Failed");
  });

  const helpers: Helper[] = [
    "waiting",
    "waitingLastTermZero",
    "waitingLastTermNonZero",
    "running",
    "started",
    "stopped",
    "succeeded",
    "failed",
  ];
  const statusArb = fc.option(fc.constantFrom(...helpers), { nil: undefined });

  it("is Pending whenever some regular container has no status", () =>
    fc.assert(
      fc.property(
        fc.constantFrom("Always", "OnFailure", "Never"),
        fc.array(statusArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.record({ helper: statusArb, sidecar: fc.boolean() }), { maxLength: 3 }),
        fc.boolean(),
        (restartPolicy, regular, init, podIsTerminal) => {
          const containers = regular.map((_, i) => ({ name: `c${i}` }));
          const initContainers = init.map((c, i) => (c.sidecar ? { name: `i${i}`, restartPolicy: "Always" } : { name: `i${i}` }));
          const pod: Pod = {
            spec: { restartPolicy, containers: [...containers, { name: "missing" }], initContainers },
            status: {
              containerStatuses: regular.flatMap((h, i) => (h === undefined ? [] : [helperStatus(`c${i}`, h)])),
              initContainerStatuses: init.flatMap((c, i) => (c.helper === undefined ? [] : [helperStatus(`i${i}`, c.helper)])),
            },
          };
          const phase = getPodPhase(pod, podIsTerminal);
          // a regular init container that failed under restartPolicy Never is the only way out of Pending
          const initFailedNever =
            restartPolicy === "Never" &&
            init.some((c) => !c.sidecar && (c.helper === "failed" || c.helper === "waitingLastTermNonZero"));
          expect(phase).toBe(initFailedNever ? "Failed" : "Pending");
        },
      ),
    ));
});
