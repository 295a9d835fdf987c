/** Every kind of component the model can run, by ComponentState.kind. */
import type { ComponentBehavior } from "./behavior.ts";
import { serviceAccountsController } from "../controllers/serviceaccount/controller.ts";

const BEHAVIORS: readonly ComponentBehavior[] = [serviceAccountsController];

export const COMPONENT_BEHAVIORS: ReadonlyMap<string, ComponentBehavior> = new Map(BEHAVIORS.map((b) => [b.kind, b]));

/** The behavior of a component kind; throws for a kind the model does not have (a programming error). */
export function behaviorOf(kind: string): ComponentBehavior {
  const b = COMPONENT_BEHAVIORS.get(kind);
  if (!b) throw new Error(`no component behavior "${kind}"`);
  return b;
}
