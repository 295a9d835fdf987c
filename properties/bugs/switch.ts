/** Switching a component kind's behaviour for a bug and back. */
import type { ComponentBehavior } from "../../model/components/behavior.ts";
import { behaviorOf, registerBehavior } from "../../model/components/registry.ts";

/** Replaces the behaviour of `kind` with make(original); returns the function that restores the original. */
export function swapBehavior(kind: string, make: (original: ComponentBehavior) => ComponentBehavior): () => void {
  const original = behaviorOf(kind);
  registerBehavior(make(original));
  return () => registerBehavior(original);
}
