/**
 * The Node Ready condition as an XState machine: True, False, Unknown.
 *
 * Follows pkg/kubelet/nodestatus/setters.go (ReadyCondition: reason KubeletReady / KubeletNotReady) and
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go (tryUpdateNodeHealth: a node that never posted
 * status gets a fake Unknown condition; one that stops posting for the grace period is set to Unknown with
 * reason NodeStatusUnknown). For users studying the system; no invariant reads it.
 */
import { setup } from "xstate";

/** Events of the Node Ready chart. */
export type NodeReadyEvent =
  /** The kubelet posts Ready=True (reason KubeletReady). */
  | { readonly type: "KubeletReady" }
  /** The kubelet posts Ready=False (reason KubeletNotReady: runtime or network not ready, ...). */
  | { readonly type: "KubeletNotReady" }
  /** The node lifecycle controller saw no heartbeat for the grace period (reason NodeStatusUnknown). */
  | { readonly type: "NodeStatusUnknown" };

/** The Node Ready condition machine (no guards). */
export const nodeReadyMachine = setup({
  types: { events: {} as NodeReadyEvent },
}).createMachine({
  id: "node-ready",
  initial: "Unknown",
  states: {
    Unknown: {
      description: "no status posted yet, or none for nodeMonitorGracePeriod",
      on: { KubeletReady: { target: "True" }, KubeletNotReady: { target: "False" } },
    },
    True: {
      description: "the kubelet is healthy and ready to accept pods",
      on: { KubeletNotReady: { target: "False" }, NodeStatusUnknown: { target: "Unknown" } },
    },
    False: {
      description: "the kubelet runs but is not ready",
      on: { KubeletReady: { target: "True" }, NodeStatusUnknown: { target: "Unknown" } },
    },
  },
});

/** One event of each type. */
export const NODE_READY_EVENT_SAMPLES: readonly NodeReadyEvent[] = [{ type: "KubeletReady" }, { type: "KubeletNotReady" }, { type: "NodeStatusUnknown" }];
