/**
 * Two-phase commit, as Lamport's TwoPhase.tla in tlaplus/Examples (and Stateright's two_phase_commit example):
 * resource managers (RMs) each working/prepared/committed/aborted, a transaction manager (TM) in init/done with
 * the set of RMs it knows are prepared, and a set of messages that only grows. Its published state counts
 * (288 distinct states for 3 RMs, 8,832 for 5) check that the explorer counts right.
 */
import type { ExplorableModel } from "./types.ts";

type RmState = 0 | 1 | 2 | 3; // working, prepared, committed, aborted
const WORKING = 0;
const PREPARED = 1;
const COMMITTED = 2;
const ABORTED = 3;

export interface TwoPhaseState {
  readonly rm: readonly RmState[];
  readonly tm: "init" | "done";
  /** Bit set of RMs the TM has received Prepared from. */
  readonly tmPrepared: number;
  /** Bit set of RMs whose Prepared message was sent. */
  readonly prepared: number;
  readonly commitSent: boolean;
  readonly abortSent: boolean;
}

export type TwoPhaseAction =
  | { readonly type: "TMRcvPrepared"; readonly rm: number }
  | { readonly type: "TMCommit" }
  | { readonly type: "TMAbort" }
  | { readonly type: "RMPrepare"; readonly rm: number }
  | { readonly type: "RMChooseToAbort"; readonly rm: number }
  | { readonly type: "RMRcvCommitMsg"; readonly rm: number }
  | { readonly type: "RMRcvAbortMsg"; readonly rm: number };

const setRm = (s: TwoPhaseState, r: number, v: RmState): TwoPhaseState => ({ ...s, rm: s.rm.map((x, i) => (i === r ? v : x)) });

export function twoPhaseCommit(rmCount: number): ExplorableModel<TwoPhaseState, TwoPhaseAction> {
  const all = (1 << rmCount) - 1;
  return {
    name: `two-phase-commit (${rmCount} RMs)`,
    init: () => [{ rm: Array(rmCount).fill(WORKING), tm: "init", tmPrepared: 0, prepared: 0, commitSent: false, abortSent: false }],
    actions(s) {
      const out: TwoPhaseAction[] = [];
      if (s.tm === "init" && s.tmPrepared === all) out.push({ type: "TMCommit" });
      if (s.tm === "init") out.push({ type: "TMAbort" });
      for (let r = 0; r < rmCount; r++) {
        if (s.tm === "init" && s.prepared & (1 << r)) out.push({ type: "TMRcvPrepared", rm: r });
        if (s.rm[r] === WORKING) out.push({ type: "RMPrepare", rm: r }, { type: "RMChooseToAbort", rm: r });
        if (s.commitSent) out.push({ type: "RMRcvCommitMsg", rm: r });
        if (s.abortSent) out.push({ type: "RMRcvAbortMsg", rm: r });
      }
      return out;
    },
    next(s, a) {
      switch (a.type) {
        case "TMRcvPrepared":
          return { ...s, tmPrepared: s.tmPrepared | (1 << a.rm) };
        case "TMCommit":
          return { ...s, tm: "done", commitSent: true };
        case "TMAbort":
          return { ...s, tm: "done", abortSent: true };
        case "RMPrepare":
          return { ...setRm(s, a.rm, PREPARED), prepared: s.prepared | (1 << a.rm) };
        case "RMChooseToAbort":
          return setRm(s, a.rm, ABORTED);
        case "RMRcvCommitMsg":
          return setRm(s, a.rm, COMMITTED);
        case "RMRcvAbortMsg":
          return setRm(s, a.rm, ABORTED);
      }
    },
    fingerprint: (s) => `${s.rm.join("")}|${s.tm}|${s.tmPrepared}|${s.prepared}|${+s.commitSent}${+s.abortSent}`,
    properties: [
      {
        // TCConsistent: no RM has committed while another has aborted.
        name: "TCConsistent",
        check: (s) => (s.rm.includes(COMMITTED) && s.rm.includes(ABORTED) ? "one RM committed while another aborted" : undefined),
      },
    ],
  };
}
