/**
 * The Pod row of `kubectl get pods`: printPod of pkg/printers/internalversion/printers.go (v1.32): Ready counts
 * ready running containers (and started, ready restartable init containers, the sidecars), Status is the
 * phase or pod reason overridden by the first failing init container ("Init:..."), then by the last container's
 * waiting or terminated reason, "Terminating" for a deleted pod that is not terminal; Restarts adds "(age ago)" of
 * the latest termination; the wide cells (the server always computes them) are IP, Node, Nominated Node and
 * Readiness Gates.
 */
import type { KObject } from "../../objects/types.ts";
import { translateTimestampSince } from "./duration.ts";

/** metav1.TableRowCondition: a finished pod's row is marked Completed (kubectl hides it with --show-all=false). */
export interface TableRowCondition {
  readonly type: "Completed";
  readonly status: "True";
  readonly reason: string;
  readonly message: string;
}

const SUCCEEDED: TableRowCondition[] = [{ type: "Completed", status: "True", reason: "Succeeded", message: "The pod has completed successfully." }];
const FAILED: TableRowCondition[] = [{ type: "Completed", status: "True", reason: "Failed", message: "The pod failed." }];

/** node.NodeUnreachablePodReason (pkg/util/node): the reason a pod gets when its node is lost. */
const NODE_UNREACHABLE_POD_REASON = "NodeLost";

const isRestartable = (c: any): boolean => c?.restartPolicy === "Always";

const conditionTrue = (pod: KObject, type: string): boolean =>
  (pod.status?.conditions ?? []).some((c: any) => c.type === type && c.status === "True");

/** isPodInitializedConditionTrue: the first Initialized condition decides. */
function initializedTrue(pod: KObject): boolean {
  const c = (pod.status?.conditions ?? []).find((x: any) => x.type === "Initialized");
  return c?.status === "True";
}

/** A container's last termination time, in ms, or undefined. */
const lastFinished = (c: any): number | undefined => {
  const at = c?.lastState?.terminated?.finishedAt;
  const ms = at ? Date.parse(at) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
};

/** The cells of one pod (all nine, wide ones included) and its row conditions. */
export function podCells(pod: KObject, now: number): { cells: unknown[]; conditions?: TableRowCondition[] } {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestartDate: number | undefined;
  let lastRestartableInitContainerRestartDate: number | undefined;
  const later = (a: number | undefined, b: number | undefined) => (b !== undefined && (a === undefined || a < b) ? b : a);

  const podPhase: string = status.phase ?? "";
  let reason: string = status.reason ? status.reason : podPhase;
  // A pod held by scheduling gates says so.
  for (const c of status.conditions ?? []) {
    if (c.type === "PodScheduled" && c.reason === "SchedulingGated") reason = "SchedulingGated";
  }
  const conditions = podPhase === "Succeeded" ? SUCCEEDED : podPhase === "Failed" ? FAILED : undefined;

  const initContainers = new Map<string, any>();
  for (const c of spec.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartable(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i];
    restarts += container.restartCount ?? 0;
    lastRestartDate = later(lastRestartDate, lastFinished(container));
    const restartable = isRestartable(initContainers.get(container.name));
    if (restartable) {
      restartableInitContainerRestarts += container.restartCount ?? 0;
      lastRestartableInitContainerRestartDate = later(lastRestartableInitContainerRestartDate, lastFinished(container));
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      // initialization failed
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting && waiting.reason && waiting.reason !== "PodInitializing") {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || initializedTrue(pod)) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i];
      restarts += container.restartCount ?? 0;
      lastRestartDate = later(lastRestartDate, lastFinished(container));
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting && waiting.reason) reason = waiting.reason;
      else if (terminated && terminated.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod with a container still running is "Running" again (or "NotReady" without the Ready condition).
    if (reason === "Completed" && hasRunning) reason = conditionTrue(pod, "Ready") ? "Running" : "NotReady";
  }

  if (pod.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) reason = "Unknown";
  else if (pod.metadata.deletionTimestamp && podPhase !== "Succeeded" && podPhase !== "Failed") reason = "Terminating";

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate !== undefined) {
    restartsStr = `${restarts} (${translateTimestampSince(new Date(lastRestartDate).toISOString(), now)} ago)`;
  }

  const podIP = status.podIPs?.[0]?.ip || "<none>";
  const nodeName = spec.nodeName || "<none>";
  const nominated = status.nominatedNodeName || "<none>";
  let readinessGates = "<none>";
  const gates: any[] = spec.readinessGates ?? [];
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const gate of gates) {
      const c = (status.conditions ?? []).find((x: any) => x.type === gate.conditionType);
      if (c?.status === "True") trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }
  const cells = [
    pod.metadata.name,
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsStr,
    translateTimestampSince(pod.metadata.creationTimestamp, now),
    podIP,
    nodeName,
    nominated,
    readinessGates,
  ];
  return conditions ? { cells, conditions } : { cells };
}
