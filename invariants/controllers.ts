/** What a user's controller (controller/) must do once faults stop: finish its work. */
import type { Invariant, Violation } from "./types.ts";
import type { ComponentState } from "../model/state.ts";
import { btreeValues } from "../model/collections/btree.ts";
import { queueLength } from "../model/informers/workqueue.ts";
import { USER_CONTROLLER_KIND } from "../controller/kind.ts";
import type { ControllerMemory } from "../controller/run-log.ts";

/**
 * Convergence: every user controller's worker finishes. At the end none has a reconcile stuck (one that waits for
 * something that is not the client, or is not deterministic: controller/kind.ts), and none has keys still
 * queued. A key retried after a back-off is not counted: its timer is the controller's own choice to wait.
 */
export const controllerWorkersFinish: Invariant = {
  id: "controller-workers-finish",
  description: "every user controller's reconciles finish: none stuck, no key left in its queue (at the end)",
  kind: "convergence",
  source: "controller/kind.ts (a worker of controller-runtime's: one reconcile at a time)",
  check(state) {
    const out: Violation[] = [];
    for (const c of btreeValues(state.components) as ComponentState[]) {
      if (c.kind !== USER_CONTROLLER_KIND) continue;
      const { run } = c.memory as ControllerMemory;
      const queued = queueLength(c.queue);
      if (run?.stuck !== undefined) out.push({ invariant: this.id, objects: [`component ${c.id}`], message: `${c.id}'s reconcile of ${run.key} is stuck: ${run.stuck}${queued > 0 ? `; ${queued} more key(s) wait behind it` : ""}` });
      else if (queued > 0) out.push({ invariant: this.id, objects: [`component ${c.id}`], message: `${c.id} still has ${queued} key(s) in its queue` });
    }
    return out;
  },
};
