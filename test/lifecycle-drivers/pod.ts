/**
 * The Pod chart's driver: each chart event mapped to what makes the full model produce it, and a plan per chart
 * transition (the shortest chart path from model/lifecycles/coverage.test-support.ts, or a path of our own where
 * the shortest one cannot be driven, with the reason). Driving a plan creates one pod shaped by the path's guard inputs
 * (restart policy, init containers, static pod), then for each event of the path does what the event's driver
 * says and lets the cluster work until the pod is in the state the chart predicts.
 *
 * Events and what produces them in the model:
 * - Scheduled: kube-scheduler binds the pod (after the node gets the label the pod's nodeSelector wants, when the
 *   path failed scheduling first); a static pod's mirror pod is created bound by its kubelet.
 * - FailedScheduling: the pod's nodeSelector matches no node; the scheduler writes PodScheduled=False.
 * - PodReadyToStartContainers, Initialized, ContainerStarted, SyncTerminatedPod, InitContainerDied with exit 0:
 *   the kubelet's own syncs (an init container completes at the sync after the one that started it; a restart
 *   after CrashLoopBackOff waits for the back-off timer).
 * - InitContainerDied with another exit code, ContainerDied: world action container.crash (twice when the chart
 *   expects CrashLoopBackOff and the kubelet restarted the container at once: the first crash has no back-off).
 * - ContainersReady / Unhealthy: world action pod.readiness (every app container has a readiness probe).
 * - SandboxChanged: node.crash then node.recover (the machine comes back without sandboxes).
 * - Delete / ForceDelete: a user's delete, with the default grace period / gracePeriodSeconds 0.
 * - DeadlineExceeded: the pod has spec.activeDeadlineSeconds; time passes.
 * - Rejected: the pod is created bound to the node (spec.nodeName) and asks for more CPU than the node has; the
 *   kubelet's admission refuses it.
 * - Evicted, NodeLost, NodeReady: nothing in the model produces them (model/lifecycles/unreachable.test-support.ts
 *   says why).
 * A plan may run part of its path "in the dark": the node is cut off from the API server (node.partition), so the
 * kubelet runs the pod while the API still shows an earlier state, then node.heal lets it report everything at
 * once. That is how the API sees containers that ran and exited before the kubelet could say they started.
 */
import type { KObject } from "../../model/objects/types.ts";
import type { Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import { POD_CHART } from "../../model/lifecycles/catalog.ts";
import { chartCoverage, type ChartCoverage } from "../../model/lifecycles/coverage.test-support.ts";
import { podChartState } from "../../model/lifecycles/object-states.ts";
import { DEFAULT_POD_CONTEXT, type PodGuardContext, type PodLifecycleEvent } from "../../model/lifecycles/pod.machine.ts";
import { getMachine, runtimePodsNamed } from "../../model/world/machine.ts";
import { cacheGet } from "../../model/informers/cache.ts";
import { btreeGet } from "../../model/collections/btree.ts";
import { Sim } from "./sim.ts";
import { followPath, predictPath, type ChartDrive } from "./path.ts";

/**
 * A path event, optionally naming the container a ContainerDied hits ("app" by default), or asking that an init
 * container's failure be held in CrashLoopBackOff (crashed again after the kubelet's immediate first restart).
 */
export type PodDriverEvent = PodLifecycleEvent & { readonly container?: string; readonly hold?: boolean };

/** How to drive one Pod chart transition. */
export interface PodPlan {
  /** The transition id. */
  readonly goal: string;
  /** Guard inputs; with `events`, default restartPolicy Always, no init containers, not static. */
  readonly input?: PodGuardContext;
  /** The chart path to drive; default: the shortest path to the goal. */
  readonly events?: readonly PodDriverEvent[];
  /** Drive events after..until (1-based, inclusive) with the node partitioned; it heals after event `until`. */
  readonly dark?: { readonly after: number; readonly until: number };
  /**
   * Give the pod a sidecar (a restartable init container, which the guards do not count as an init container).
   * Default: when the pod has no init containers and the path has PodReadyToStartContainers.
   */
  readonly sidecar?: boolean;
  /** Why the plan departs from the shortest path. */
  readonly why?: string;
}

const NODE = "n1";
/** spec.activeDeadlineSeconds of a pod whose path has DeadlineExceeded. */
const DEADLINE_SECONDS = 5;
const NS = "default";
const SELECTOR_LABEL = "kubeprop.test/pool";
const probe = { exec: { command: ["true"] } };

let podPaths: ChartCoverage | undefined;

/** The plan's guard inputs and events (the shortest chart path when the plan names none). */
function resolve(plan: PodPlan): { input: PodGuardContext; events: readonly PodDriverEvent[] } {
  if (plan.events) return { input: plan.input ?? DEFAULT_POD_CONTEXT, events: plan.events };
  const p = (podPaths ??= chartCoverage("pod")).transitions.find((t) => t.goal === plan.goal);
  if (!p) throw new Error(`no chart path to ${plan.goal}`);
  return { input: p.input as PodGuardContext, events: p.steps.map((s) => s.event as PodDriverEvent) };
}

/** The pod manifest the path needs: its guard inputs, and enough containers for the events. */
function manifest(input: PodGuardContext, events: readonly PodDriverEvent[], sidecar: boolean): KObject {
  const rejected = events.some((e) => e.type === "Rejected");
  const twoApps = events.some((e) => (e.type === "ContainerDied" && !e.lastRunning) || e.container === "b");
  const inits = input.hasInitContainers ? (events.some((e) => e.type === "InitContainerDied" && e.exitCode === 0) ? 2 : 1) : 0;
  const initContainers = [
    ...(sidecar ? [{ name: "sidecar", image: "envoy:1.30", restartPolicy: "Always" }] : []),
    ...Array.from({ length: inits }, (_, i) => ({ name: `init${i + 1}`, image: "busybox:1.36" })),
  ];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: NS },
    spec: {
      restartPolicy: input.restartPolicy,
      // Bound by its creator, past the scheduler, and bigger than the node: the kubelet's admission refuses it.
      ...(rejected ? { nodeName: NODE } : {}),
      ...(events.some((e) => e.type === "DeadlineExceeded") ? { activeDeadlineSeconds: DEADLINE_SECONDS } : {}),
      ...(events.some((e) => e.type === "FailedScheduling") ? { nodeSelector: { [SELECTOR_LABEL]: "a" } } : {}),
      ...(initContainers.length ? { initContainers } : {}),
      containers: [
        { name: "app", image: "nginx:1.25", readinessProbe: probe, ...(rejected ? { resources: { requests: { cpu: "100" } } } : {}) },
        ...(twoApps ? [{ name: "b", image: "redis:7", readinessProbe: probe }] : []),
      ],
    },
  };
}

/** Events the components produce on their own (a driver only lets the cluster work). */
const OWN_EVENTS: ReadonlySet<string> = new Set(["Scheduled", "PodReadyToStartContainers", "Initialized", "ContainerStarted", "SyncTerminatedPod"]);

let base: State | undefined;
/** One settled node, shared by every drive (a state is an immutable value). */
function baseCluster(): State {
  return (base ??= new Sim([{ name: NODE }]).state);
}

/** Drives one plan through the full model. */
export function drivePodPlan(plan: PodPlan): ChartDrive {
  const { input, events } = resolve(plan);
  const path = predictPath(POD_CHART, input, events, plan.goal);

  // A sidecar lets the API see the sandbox ready before the app containers start (the kubelet starts them in the
  // sync after the sidecar's); without one, the model reports both in one status write.
  const sidecar = plan.sidecar ?? (!input.hasInitContainers && events.some((e) => e.type === "PodReadyToStartContainers"));
  const pod = manifest(input, events, sidecar);
  const sim = input.staticPod ? new Sim([{ name: NODE, staticPods: [pod] }], false) : new Sim(baseCluster());
  const name = input.staticPod ? `p-${NODE}` : "p";
  const object = `Pod ${NS}/${name}`;
  // A pod its creator binds (spec.nodeName) arrives scheduled: it is created by the Scheduled step.
  const create = () => sim.api({ verb: "create", resource: "pods", namespace: NS, object: pod });
  const bound = pod.spec?.nodeName !== undefined;
  if (!input.staticPod && !bound) create();

  const stateNow = () => {
    const p = sim.get("pods", name, NS);
    return p ? podChartState(p) : "gone";
  };
  const runtime = () => {
    const m = getMachine(sim.state, NODE);
    return m ? runtimePodsNamed(m, NS, name)[0] : undefined;
  };
  const kubelet = `kubelet/${NODE}`;
  const strayedAt = followPath(sim, object, events, path, {
    drive: (e, i) => drive(e as PodDriverEvent, path.expected[i]!),
    stateNow,
    own: OWN_EVENTS,
    ...(plan.dark
      ? {
          dark: {
            ...plan.dark,
            enter() {
              // The kubelet must know the pod before it loses the API server: take its pending watch events first.
              sim.runUntil(
                (s) => cacheGet(btreeGet(s.components, kubelet)!, "pods", `${NS}/${name}`) !== undefined,
                (a: Action) => a.type === "informer.sync" && a.component === kubelet,
              );
              sim.step({ type: "node.partition", node: NODE });
            },
            leave: () => void sim.step({ type: "node.heal", node: NODE }),
          },
        }
      : {}),
  });
  return { sim, object, expected: path.expected, lastTransition: path.lastTransition, recorded: sim.transitionsOf(object), strayedAt };

  /** Does what makes the model produce event `e` (the cluster then works in the caller's loop). */
  function drive(e: PodDriverEvent, want: string): void {
    switch (e.type) {
      case "Scheduled":
        if (bound && !input.staticPod) create();
        if (events.some((x) => x.type === "FailedScheduling")) sim.api({ verb: "patch", resource: "nodes", name: NODE, patch: { metadata: { labels: { [SELECTOR_LABEL]: "a" } } } });
        return;
      case "ContainersReady":
      case "Unhealthy":
        sim.step({ type: "pod.readiness", namespace: NS, pod: name, ready: e.type === "ContainersReady" });
        return;
      case "InitContainerDied":
        if (e.exitCode !== 0) crash(input.hasInitContainers ? "init1" : "sidecar", e.exitCode, e.hold ? "Running.crashLoopBackOff" : want);
        return;
      case "ContainerDied":
        crash(e.container ?? "app", e.exitCode, want);
        return;
      case "SandboxChanged":
        sim.step({ type: "node.crash", node: NODE }).step({ type: "node.recover", node: NODE });
        return;
      case "Delete":
      case "ForceDelete":
        sim.api({ verb: "delete", resource: "pods", namespace: NS, name, ...(e.type === "ForceDelete" ? { gracePeriodSeconds: 0 } : {}) });
        return;
      default:
        // FailedScheduling, PodReadyToStartContainers, Initialized, ContainerStarted, SyncTerminatedPod: the
        // components do it on their own.
        return;
    }
  }

  /**
   * container.crash of a running container. The kubelet restarts a container that exits for the first time at
   * once (no back-off yet): when the chart expects CrashLoopBackOff, it crashes again so that the restart waits.
   */
  function crash(container: string, exitCode: number, want: string): void {
    const rc = () => [...(runtime()?.initContainers ?? []), ...(runtime()?.containers ?? [])].find((c) => c.name === container);
    const running = () => rc()?.state === "running";
    // The container may still be starting (a sync in the dark): let the kubelet run it first.
    if (!running()) sim.progress(running, 60);
    sim.step({ type: "container.crash", namespace: NS, pod: name, container, exitCode });
    if (want !== "Running.crashLoopBackOff") return;
    // Stop at the kubelet's immediate restart (an init container would complete at its next sync), crash again.
    if (sim.progress(() => running() || rc()?.reason === "CrashLoopBackOff", 0) && running()) sim.step({ type: "container.crash", namespace: NS, pod: name, container, exitCode });
  }
}

const ALWAYS: PodGuardContext = DEFAULT_POD_CONTEXT;
const ON_FAILURE: PodGuardContext = { ...DEFAULT_POD_CONTEXT, restartPolicy: "OnFailure" };
const NEVER: PodGuardContext = { ...DEFAULT_POD_CONTEXT, restartPolicy: "Never" };
const WITH_INIT: PodGuardContext = { ...DEFAULT_POD_CONTEXT, hasInitContainers: true };

const scheduled = { type: "Scheduled" } as const;
const sandboxReady = { type: "PodReadyToStartContainers" } as const;
const started = { type: "ContainerStarted" } as const;
const died = (exitCode: number, lastRunning: boolean, allSucceeded: boolean, container?: string): PodDriverEvent => ({
  type: "ContainerDied",
  exitCode,
  lastRunning,
  allSucceeded,
  ...(container ? { container } : {}),
});

/**
 * A plan for every Pod chart transition the model produces (the complement is in
 * model/lifecycles/unreachable.test-support.ts). Plans without `events` follow the shortest chart path.
 */
export const POD_PLANS: readonly PodPlan[] = [
  {
    goal: "Pending#ForceDelete#0",
    events: [scheduled, { type: "ForceDelete" }],
    why: "from Pending.unscheduled a delete is the unscheduled pod's own Delete, whatever the grace period",
  },
  { goal: "Pending.unscheduled#FailedScheduling#0" },
  { goal: "Pending.unscheduled#Scheduled#0" },
  { goal: "Pending.unscheduled#Delete#0" },
  { goal: "Pending.scheduled#Delete#0" },
  {
    goal: "Pending.scheduled#DeadlineExceeded#0",
    input: WITH_INIT,
    events: [scheduled, sandboxReady, { type: "InitContainerDied", exitCode: 1, hold: true }, { type: "DeadlineExceeded" }],
    why: "the pod must still be Pending when its deadline comes: its init container waits out a CrashLoopBackOff",
  },
  { goal: "Pending.scheduled.creatingSandbox#PodReadyToStartContainers#0" },
  { goal: "Pending.scheduled.creatingSandbox#PodReadyToStartContainers#1" },
  { goal: "Pending.scheduled.creatingSandbox#Rejected#0" },
  { goal: "Pending.scheduled.initializing#InitContainerDied#0" },
  { goal: "Pending.scheduled.initializing#InitContainerDied#1" },
  { goal: "Pending.scheduled.initializing#Initialized#0" },
  { goal: "Pending.scheduled.creatingContainers#ContainerStarted#0" },
  ...(
    [
      ["#0", ALWAYS, died(1, true, false)],
      ["#2", ON_FAILURE, died(0, true, true)],
      ["#3", NEVER, died(1, true, false)],
    ] as const
  ).map(
    ([n, input, e]): PodPlan => ({
      goal: `Pending.scheduled.creatingContainers#ContainerDied${n}`,
      input,
      events: [scheduled, sandboxReady, e],
      dark: { after: 2, until: 3 },
      why: "the containers run and exit while the node is cut off, so the API sees them only after they exited",
    }),
  ),
  { goal: "Pending.scheduled.terminating#SyncTerminatedPod#0" },
  {
    goal: "Pending.scheduled.terminating#SyncTerminatedPod#1",
    dark: { after: 1, until: 2 },
    why: "the containers must have run (and stop with exit 0) while the API still shows the pod Pending",
  },
  { goal: "Pending.scheduled.terminating#SyncTerminatedPod#2" },
  { goal: "Running#ContainerDied#0" },
  { goal: "Running#ContainerDied#1" },
  { goal: "Running#ContainerDied#2" },
  {
    goal: "Running#ContainerDied#3",
    input: NEVER,
    events: [scheduled, sandboxReady, started, died(1, true, false)],
    why: "the shortest path's payload (exit 0, not all succeeded) needs a second, failed container",
  },
  {
    goal: "Running#ContainerDied#4",
    input: ON_FAILURE,
    events: [scheduled, sandboxReady, started, died(1, false, false, "b"), died(0, true, false)],
    why: "another container must have failed and wait in CrashLoopBackOff when the last running one exits 0",
  },
  {
    goal: "Running#SandboxChanged#1",
    input: WITH_INIT,
    events: [scheduled, sandboxReady, { type: "Initialized" }, started, { type: "SandboxChanged" }],
    why: "the shortest path goes through Unknown, which the model never shows",
  },
  { goal: "Running#SandboxChanged#2" },
  { goal: "Running#Delete#0" },
  { goal: "Running#ForceDelete#0" },
  { goal: "Running#DeadlineExceeded#0" },
  { goal: "Running.notReady#ContainersReady#0" },
  { goal: "Running.ready#Unhealthy#0" },
  {
    goal: "Running.crashLoopBackOff#ContainerStarted#0",
    input: ALWAYS,
    events: [scheduled, sandboxReady, started, died(1, true, false), started],
    why: "the shortest path crashes the containers before the API saw them start",
  },
  { goal: "Running.terminating#SyncTerminatedPod#0" },
  { goal: "Running.terminating#SyncTerminatedPod#1" },
  {
    goal: "Running.terminating#SyncTerminatedPod#2",
    input: ALWAYS,
    events: [scheduled, sandboxReady, started, died(1, true, false), { type: "Delete" }, { type: "SyncTerminatedPod", allSucceeded: false }],
    why: "the model's containers stop with exit 0 on SIGTERM: a failure must have happened before the deletion",
  },
];
