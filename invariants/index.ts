/** Every invariant kubeprop checks, by family. */
import type { Invariant } from "./types.ts";
import { resourceVersionIsModRevision, storeRevisionsGrow } from "./store.ts";

export const ALL_INVARIANTS: readonly Invariant[] = [storeRevisionsGrow, resourceVersionIsModRevision];

export const SAFETY_INVARIANTS = ALL_INVARIANTS.filter((i) => i.kind === "safety");
export const CONVERGENCE_INVARIANTS = ALL_INVARIANTS.filter((i) => i.kind === "convergence");

export type { Invariant, Violation } from "./types.ts";
