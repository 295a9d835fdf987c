/** Node faults that the run's ending can always undo. */
import type { Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import { btreeGet } from "../../model/collections/btree.ts";
import { nodeFaults } from "./common.ts";

/**
 * nodeFaults without crashing a partitioned machine: the run's ending recovers a crashed machine or heals a
 * partitioned one, not both (run.ts endFaults), so a machine that crashed while partitioned would stay cut off
 * from the API server after the faults stop, and no convergence property could hold on it.
 */
export function undoableNodeFaults(state: State): Action[] {
  return nodeFaults(state).filter((a) => !(a.type === "node.crash" && btreeGet(state.world.machines, a.node)?.partitioned));
}
