/** A counterexample's trace as text lines, as `kubeprop check` prints it and kubeprop/vitest's checkProperty throws it. */
import { describeAction } from "../model/actions.ts";
import type { Counterexample } from "../properties/checker.ts";

/**
 * The trace as printed: the warm-up folded into one line, the chosen actions one by one, and the ending (faults
 * stop, time passes, the cluster settles) one by one up to a safety violation in it, or folded into one line when
 * the violation is at convergence. The report files have every action.
 */
export function traceLines(ce: Counterexample): string[] {
  const line = (i: number, text: string) => `  ${String(i + 1).padStart(3)}. ${text}`;
  const warm = ce.warmUpLength ?? 0;
  const chosenEnd = warm + ce.chosenLength;
  const out: string[] = [];
  if (warm > 0) out.push(`  ${`1-${warm}`.padStart(3)}. warm-up: the scope's cluster settles (${warm} component actions)`);
  ce.actions.slice(warm, chosenEnd).forEach((a, i) => out.push(line(warm + i, describeAction(a))));
  const ending = ce.actions.length - chosenEnd;
  if (ending === 0) return out;
  if (ce.violationAt <= ce.actions.length) ce.actions.slice(chosenEnd, ce.violationAt).forEach((a, i) => out.push(line(chosenEnd + i, describeAction(a))));
  else out.push(`  ${`${chosenEnd + 1}-${ce.actions.length}`.padStart(3)}. ending: faults stop, time passes, the cluster settles (${ending} actions)`);
  return out;
}
