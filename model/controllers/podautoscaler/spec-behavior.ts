/**
 * spec.behavior of an autoscaling/v2 HPA as the normalization steps take it. The JSON already has the shape of
 * {@link HpaBehavior}; only the per-direction tolerance is a Quantity in the API ("0.05") and a number here.
 */
import type { KObject } from "../../objects/types.ts";
import type { HpaBehavior, ScalingRules } from "./behavior.ts";
import { milliOf } from "./pod-inputs.ts";

function rulesOf(r: any): ScalingRules | null {
  if (r === undefined || r === null) return null;
  const tolerance = r.tolerance === undefined || r.tolerance === null ? null : milliOf(r.tolerance);
  return {
    ...(r.selectPolicy !== undefined ? { selectPolicy: r.selectPolicy } : {}),
    ...(r.stabilizationWindowSeconds !== undefined ? { stabilizationWindowSeconds: r.stabilizationWindowSeconds } : {}),
    ...(Array.isArray(r.policies) ? { policies: r.policies } : {}),
    ...(tolerance !== null ? { tolerance: tolerance / 1000 } : {}),
  };
}

/** The HPA's behavior, or null when it has none (the controller then uses the fixed scale-up limit). */
export function behaviorOf(hpa: KObject): HpaBehavior | null {
  const b = hpa.spec?.behavior;
  if (b === undefined || b === null) return null;
  return { scaleUp: rulesOf(b.scaleUp), scaleDown: rulesOf(b.scaleDown) };
}
