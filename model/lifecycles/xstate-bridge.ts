/**
 * Between chart state paths ("Running.ready") and XState's state values ({ Running: "ready" }), and xstate's own
 * pure `transition()` on a path: the reference the compiled tables are tested and benchmarked against.
 */
import { transition, type AnyStateMachine, type StateValue } from "xstate";

/** "Running.ready" → { Running: "ready" }; "Failed" → "Failed". */
export function toStateValue(path: string): StateValue {
  const parts = path.split(".");
  let value: StateValue = parts[parts.length - 1]!;
  for (let i = parts.length - 2; i >= 0; i--) value = { [parts[i]!]: value };
  return value;
}

/** The leaf path of a (non-parallel) state value: { Running: "ready" } → "Running.ready". */
export function fromStateValue(value: StateValue): string {
  const parts: string[] = [];
  let v: StateValue = value;
  while (typeof v !== "string") {
    const keys = Object.keys(v);
    if (keys.length !== 1) throw new Error(`not a single-leaf state value: ${JSON.stringify(value)}`);
    parts.push(keys[0]!);
    v = v[keys[0]!] as StateValue;
  }
  parts.push(v);
  return parts.join(".");
}

/** The leaf after `event` from `leaf` in `context`, computed by xstate's pure `transition()`. */
export function xstateNext(machine: AnyStateMachine, leaf: string, event: { readonly type: string }, context: unknown): string {
  const snapshot = machine.resolveState({ value: toStateValue(leaf), context: (context ?? {}) as never });
  const [next] = transition(machine, snapshot, event as never);
  return fromStateValue(next.value as StateValue);
}
