/**
 * The HPA controller's local memory, per HPA key: the maps HorizontalController keeps in process memory
 * (pkg/controller/podautoscaler/horizontal.go: recommendations, scaleUpEvents, scaleDownEvents, hpaSelectors).
 * A restart loses it, as in Kubernetes: a restarted controller forgets the recommendations of the last
 * stabilization window (recordInitialRecommendation seeds a new window with the current size, so a scale-down
 * that was due is postponed by a whole window) and the scale events its behavior policies count (so a restarted
 * controller may scale faster than the policies allow).
 */
import type { ComponentState, State } from "../../state.ts";
import { btreeDelete, btreeEmpty, btreeGet, btreeRange, btreeSet, type BTree } from "../../collections/btree.ts";
import { updateComponent } from "../../components/update.ts";
import type { TimestampedScaleEvent } from "./behavior.ts";
import type { TimestampedRecommendation } from "./types.ts";

/** What the controller remembers about one HPA. */
export interface HpaRecord {
  /** Unstabilized recommendations; null until recordInitialRecommendation seeds them with the current size. */
  readonly recommendations: readonly TimestampedRecommendation[] | null;
  readonly scaleUpEvents: readonly TimestampedScaleEvent[];
  readonly scaleDownEvents: readonly TimestampedScaleEvent[];
  /**
   * The HPA's entry in hpaSelectors: the target's selector text as of its last reconcile, or null for the
   * Nothing selector an HPA is registered with before its first reconcile (and after its deletion was seen).
   */
  readonly selector: string | null;
}

/** The whole memory: records by "namespace/name" (a B-tree: clusters can have thousands of HPAs). */
export interface HpaControllerMemory {
  readonly hpas: BTree<HpaRecord>;
}

/** A fresh record: no recommendations yet, no scale events, the Nothing selector. */
export const NEW_RECORD: HpaRecord = { recommendations: null, scaleUpEvents: [], scaleDownEvents: [], selector: null };

/** Memory of a fresh (or restarted) controller. */
export function initialHpaMemory(): HpaControllerMemory {
  return { hpas: btreeEmpty() };
}

/** An HPA controller component, its memory typed. */
export type HpaComponent = ComponentState<HpaControllerMemory>;

/** The record of an HPA, if the controller has one. */
export const recordOf = (c: HpaComponent, key: string): HpaRecord | undefined => btreeGet(c.memory.hpas, key);

/** The state with the HPA's record replaced (undefined deletes it). Reads the component back from `state`. */
export function writeRecord(state: State, componentId: string, key: string, record: HpaRecord | undefined): State {
  return updateComponent<HpaControllerMemory>(state, componentId, (cur) => {
    const hpas = cur.memory.hpas;
    const next = record === undefined ? btreeDelete(hpas, key) : btreeSet(hpas, key, record);
    return next === hpas ? cur : { ...cur, memory: { ...cur.memory, hpas: next } };
  });
}

/** The records of the HPAs of one namespace, in key order (hpaSelectors' reverse lookup is per namespace). */
export function recordsInNamespace(c: HpaComponent, namespace: string): [string, HpaRecord][] {
  return [...btreeRange(c.memory.hpas, `${namespace}/`, `${namespace}0`)];
}
