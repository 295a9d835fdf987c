/** A scenario's mistake, found while reading or running it, as bad input (exit 2, one line naming file and field). */
import { ScenarioError } from "../model/scenario/types.ts";
import { UsageError } from "./errors.ts";

/** Runs f, turning a ScenarioError into a UsageError with the same message. */
export function scenarioGuard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(e.message);
    throw e;
  }
}
