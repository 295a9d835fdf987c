/**
 * Following a chart path through the full model: the chart predicts the state after each event; a driver makes
 * the model produce each event; the cluster then works until the recorder shows the object in the predicted
 * state. Shared by the drivers of every machine.
 */
import type { LifecycleChart } from "../../model/lifecycles/catalog.ts";
import type { Sim } from "./sim.ts";

/** A chart event as a path carries it (drivers may read extra fields as hints; the chart ignores them). */
export type PathEvent = { readonly type: string } & Readonly<Record<string, unknown>>;

/** What driving one path did. */
export interface ChartDrive {
  readonly sim: Sim;
  /** "Kind ns/name" of the object under test. */
  readonly object: string;
  /** The states the chart predicts after each event. */
  readonly expected: readonly string[];
  /** The transition the chart takes on the last event (the plan's goal, for a valid plan). */
  readonly lastTransition: string | undefined;
  /** Transition ids the recorder attributed to the object, in order. */
  readonly recorded: readonly string[];
  /** Index of the first event after which the object never reached the predicted state, or -1. */
  readonly strayedAt: number;
}

/** The chart's prediction along a path: the state after each event and the last transition. Throws off-chart. */
export function predictPath(
  chart: LifecycleChart<any, any>,
  input: unknown,
  events: readonly PathEvent[],
  label: string,
): { expected: string[]; transitions: string[]; lastTransition: string | undefined } {
  const expected: string[] = [];
  const transitions: string[] = [];
  let leaf = chart.compiled.initialLeaf;
  for (const e of events) {
    const t = chart.compiled.lookup(leaf, e, input);
    if (!t) throw new Error(`${label}: the chart takes no transition on ${e.type} from ${leaf}`);
    transitions.push(t.id);
    leaf = t.targetLeaf;
    expected.push(leaf);
  }
  return { expected, transitions, lastTransition: transitions[transitions.length - 1] };
}

/** How a driver takes part in following a path. */
export interface FollowHooks {
  /** Makes the model produce event i (the cluster then works). */
  drive(e: PathEvent, i: number): void;
  /** The object's chart state now ("gone" when it does not exist). */
  stateNow(): string;
  /** Events the components produce on their own: the model may take several of them in one write. */
  readonly own: ReadonlySet<string>;
  /**
   * Drive events after..until (1-based, inclusive) "in the dark": `enter` after event `after`, then each event
   * is driven and the components work without the predicted state being checked, `leave` after event `until`.
   */
  readonly dark?: { readonly after: number; readonly until: number; enter(): void; leave(): void };
}

/**
 * Follows `events` with `sim` for `object`; returns the index of the first event whose predicted state was never
 * reached, or -1. A step shows when the recorder saw the object reach the predicted state (for a self-loop: take
 * the event's transition): several writes can come in one component action (the kubelet writes a final status
 * and deletes the pod), so the recorded changes are read, not only the object as it is now.
 */
export function followPath(
  sim: Sim,
  object: string,
  events: readonly PathEvent[],
  path: { readonly expected: readonly string[]; readonly transitions: readonly string[] },
  hooks: FollowHooks,
): number {
  const { expected, transitions } = path;
  let strayedAt = -1;
  let dark = false;
  for (let i = 0; i < events.length; i++) {
    const before = hooks.stateNow();
    const mark = sim.changes.length;
    hooks.drive(events[i]!, i);
    // Step j shows as its own transition, or as the arrival in its state by a write of several steps at once.
    const reached = (j: number) =>
      sim.changes
        .slice(mark)
        .some((c) => c.object === object && c.toState === expected[j] && (c.transition ? c.transition.id === transitions[j] : expected[j] !== before)) ||
      // An object created in its first state (a static pod's mirror pod, a Node): a creation is no change.
      (before === "gone" && hooks.stateNow() === expected[j]);
    // The model may take several of the components' own steps in one write: then the object is already where a
    // later step of the path leads, and the steps in between need no driving.
    const ahead = () => {
      for (let j = i + 1; j < events.length && hooks.own.has(events[j]!.type); j++) if (reached(j)) return j;
      return -1;
    };
    const shown = () => reached(i) || ahead() >= 0;
    let ok = true;
    if (dark) {
      sim.settleNow();
      if (hooks.dark!.until === i + 1) {
        hooks.dark!.leave();
        dark = false;
        ok = sim.progress(shown);
      }
    } else ok = sim.progress(shown);
    if (!ok && strayedAt < 0) strayedAt = i;
    if (ok && !reached(i)) i = ahead();
    if (hooks.dark && hooks.dark.after === i + 1) {
      hooks.dark.enter();
      dark = true;
      sim.settleNow();
    }
  }
  return strayedAt;
}
