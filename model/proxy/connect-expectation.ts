/**
 * What a scenario expects of a connection: which pod serves it (optionally whether ClientIP affinity chose it),
 * or that it is refused (a Service without endpoints: kube-proxy's REJECT rule), or that nothing answers (no
 * rule, a Local traffic policy without a local endpoint, a node that is down). Checked against the structured
 * answer of {@link connect}, the same answer the `connect` action writes as a trace note.
 */
import type { ConnectResult } from "./connect.ts";

export type ConnectExpectation =
  | {
      /** A pod name ("web-0", any namespace), "namespace/name", or the endpoint's "ip" / "ip:port". */
      readonly servedBy: string;
      /** When given, whether ClientIP affinity (rather than the round robin) must have chosen the pod. */
      readonly affinity?: boolean;
    }
  | { readonly refused: true }
  | { readonly noAnswer: true };

/** The expectation in words ("pod web-0", "a refusal", "no answer"). */
export function describeConnectExpectation(e: ConnectExpectation): string {
  if ("servedBy" in e) return `served by ${e.servedBy}${e.affinity === undefined ? "" : e.affinity ? " through affinity" : " without affinity"}`;
  return "refused" in e ? "refused" : "no answer";
}

function servedBy(r: Extract<ConnectResult, { outcome: "served" }>, who: string): boolean {
  if (r.pod !== undefined && (r.pod === who || r.pod.slice(r.pod.indexOf("/") + 1) === who)) return true;
  return r.podIP === who || `${r.podIP}:${r.podPort}` === who;
}

/** Whether the answer meets the expectation. */
export function connectAnswerMeets(r: ConnectResult, e: ConnectExpectation): boolean {
  if ("refused" in e) return r.outcome === "refused";
  if ("noAnswer" in e) return r.outcome === "no-answer";
  if (r.outcome !== "served" || !servedBy(r, e.servedBy)) return false;
  return e.affinity === undefined || e.affinity === r.sticky;
}
