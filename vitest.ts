/**
 * kubeprop/vitest: kubeprop's checker inside a user's own property tests. `checkProperty` runs a check session
 * and fails the test with the shrunk counterexample; the fast-check arbitraries generate the clusters and
 * manifests kubeprop's own scopes use, for properties written with fast-check against the model (`kubeprop`'s
 * step, settle, apiRequest). Nothing here imports vitest: a thrown error fails a test in any runner.
 *
 *   import { it } from "vitest";
 *   import { checkProperty } from "kubeprop/vitest";
 *   import { invariants } from "./my-invariants.ts";
 *
 *   it("my invariants hold in the namespaces scope", () => {
 *     checkProperty({ scopes: ["namespaces"], runs: 50, plugins: { files: [], invariants, bugs: [] } });
 *   });
 */
import { checkSession, type CheckRequest, type CheckSession, type SessionCounterexample } from "./properties/session/check.ts";
import { traceLines } from "./reports/trace-lines.ts";

export { checkSession, type CheckRequest, type CheckSession, type SessionCounterexample } from "./properties/session/check.ts";

/** A check session found a counterexample: the message says what broke, the trace, and how to reproduce it. */
export class CounterexampleError extends Error {
  readonly counterexample: SessionCounterexample;
  readonly session: CheckSession;
  constructor(session: CheckSession) {
    const ce = session.counterexample!;
    const found = session.result.counterexample!;
    const at = found.violationAt > found.actions.length ? "at convergence" : `after action ${found.violationAt}`;
    super(
      [
        `kubeprop found a counterexample in scope ${ce.origin.scope}: ${ce.description}`,
        `shrunk from ${found.unshrunkLength} to ${found.actions.length} actions; violated ${at}:`,
        ...traceLines(found),
        `reproduce: ${ce.reproduce}`,
        `or here: checkProperty({ ...request, seed: ${ce.origin.seed}, path: ${JSON.stringify(ce.origin.path)}, scopes: [${JSON.stringify(ce.origin.scope)}] })`,
      ].join("\n"),
    );
    this.name = "CounterexampleError";
    this.counterexample = ce;
    this.session = session;
  }
}

/**
 * Runs a check session (what `kubeprop check` runs) and throws a CounterexampleError when it finds a
 * counterexample; otherwise returns the session (runs, steps, coverage when asked for).
 */
export function checkProperty(request: CheckRequest): CheckSession {
  const session = checkSession(request);
  if (session.counterexample) throw new CounterexampleError(session);
  return session;
}

// fast-check arbitraries: clusters (nodes with capacities and zones) and valid manifests, shrinking towards the
// simplest form.
export { clusterArb, capacityArb, type ClusterShape } from "./properties/arbitraries/cluster.ts";
export {
  podSpecArb,
  deploymentArb,
  replicaSetArb,
  replicationControllerArb,
  serviceArb,
  persistentVolumeArb,
  persistentVolumeClaimArb,
  namespaceArb,
  resourceQuotaArb,
  hpaArb,
  crdArb,
} from "./properties/arbitraries/manifests.ts";
export { customResourceArb, type CustomResourceArbOptions } from "./properties/arbitraries/custom-resource.ts";
