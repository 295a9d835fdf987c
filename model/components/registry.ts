/**
 * Every kind of component the model can run, by ComponentState.kind. Behaviours are static configuration:
 * each component module registers itself once, here, so that step can dispatch on a component's kind.
 */
import type { ComponentBehavior } from "./behavior.ts";
import { serviceAccountsController } from "../controllers/serviceaccount/controller.ts";

const behaviors = new Map<string, ComponentBehavior>();

/** Adds (or replaces) a component kind. */
export function registerBehavior(b: ComponentBehavior): void {
  behaviors.set(b.kind, b);
}

registerBehavior(serviceAccountsController);

export const COMPONENT_BEHAVIORS: ReadonlyMap<string, ComponentBehavior> = behaviors;

/** The behavior of a component kind; throws for a kind the model does not have (a programming error). */
export function behaviorOf(kind: string): ComponentBehavior {
  const b = behaviors.get(kind);
  if (!b) throw new Error(`no component behavior "${kind}"`);
  return b;
}
