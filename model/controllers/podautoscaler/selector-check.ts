/**
 * The target selector check before metrics are read, and the pods it selects. Follows
 * pkg/controller/podautoscaler/horizontal.go (validateAndParseSelector, hpasControllingPodsUnderSelector): the
 * selector must be present and parse, and no selected pod may also be selected by another HPA the controller
 * knows (two HPAs scaling the same pods would fight: each would read the other's pods as its own and undo the
 * other's writes). The other HPAs' selectors are the ones remembered from their last reconcile (hpaSelectors).
 */
import type { KObject } from "../../objects/types.ts";
import { cacheList } from "../../informers/cache.ts";
import { labelsOf } from "../../objects/types.ts";
import { parseSelector, type Selector } from "../../labels/index.ts";
import { recordsInNamespace, type HpaComponent } from "./memory.ts";

/** The selected pods, or the failure: the Warning event's reason, the ScalingActive message, the error. */
export type SelectorCheck =
  | { readonly ok: true; readonly pods: KObject[] }
  | { readonly ok: false; readonly eventReason: string; readonly conditionReason: string; readonly conditionMessage: string; readonly error: string };

/** Parses selector text; undefined when it does not parse. */
function parsed(text: string): Selector | undefined {
  try {
    return parseSelector(text);
  } catch {
    return undefined;
  }
}

/**
 * Checks the target's selector (text as scale.status.selector has it) for the HPA `key` and lists the pods it
 * selects from the pod cache (the lister's namespace scan, O(pods in the namespace)).
 */
export function checkSelector(c: HpaComponent, key: string, namespace: string, selectorText: string): SelectorCheck {
  if (selectorText === "") {
    const error = "selector is required";
    return { ok: false, eventReason: "SelectorRequired", conditionReason: "InvalidSelector", conditionMessage: "the HPA target's scale is missing a selector", error };
  }
  let selector: Selector;
  try {
    selector = parseSelector(selectorText);
  } catch (e) {
    const error = `couldn't convert selector into a corresponding internal selector object: ${(e as Error).message}`;
    return { ok: false, eventReason: "InvalidSelector", conditionReason: "InvalidSelector", conditionMessage: error, error };
  }
  const pods = cacheList(c, "pods", namespace).filter((p) => selector.matches(labelsOf(p) as Record<string, string>));
  const others = recordsInNamespace(c, namespace)
    .filter(([k, r]) => k !== key && r.selector !== null)
    .map(([k, r]) => ({ key: k, selector: parsed(r.selector!) }))
    .filter((o): o is { key: string; selector: Selector } => o.selector !== undefined);
  const selecting = new Set<string>();
  for (const pod of pods) {
    for (const o of others) if (o.selector.matches(labelsOf(pod) as Record<string, string>)) selecting.add(o.key);
  }
  if (selecting.size > 0) {
    // Go prints []selectors.Key with %v: {Name Namespace} per HPA (map order; sorted here).
    const hpas = [key, ...selecting].sort().map((k) => `{${k.slice(namespace.length + 1)} ${namespace}}`);
    const error = `pods by selector ${selectorText} are controlled by multiple HPAs: [${hpas.join(" ")}]`;
    return { ok: false, eventReason: "AmbiguousSelector", conditionReason: "AmbiguousSelector", conditionMessage: error, error };
  }
  return { ok: true, pods };
}
