/**
 * DefaultTolerationSeconds admission (plugin/pkg/admission/defaulttolerationseconds/admission.go), driven by the
 * Go test's table (admission_test.go TestForgivenessAdmission) and through the API server's create path.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import cases from "../../../test/fixtures/fidelity/default-toleration-seconds.json" with { type: "json" };
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { Toleration } from "../../objects/taints.ts";
import { bootstrap } from "../../bootstrap.ts";
import { DEFAULT_CLUSTER_CONFIG } from "../../config.ts";
import { handle } from "../handle.ts";
import { isStatus } from "../status.ts";
import { BUILTIN_BY_ID } from "../resources.ts";
import { withDefaultTolerations } from "../../controllers/nodelifecycle/taints.ts";
import { admissionChainOf } from "./chain.ts";
import { defaultTolerationSecondsAdmission } from "./default-toleration-seconds.ts";

const PODS = BUILTIN_BY_ID.get("pods")!;
const podWith = (tolerations: readonly Toleration[]): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "default" },
  spec: { containers: [{ name: "app", image: "nginx" }], tolerations },
});
const admitted = (s: State, tolerations: readonly Toleration[], operation: "CREATE" | "UPDATE" | "DELETE" = "CREATE", subresource?: string) =>
  defaultTolerationSecondsAdmission.admit!(s, { operation, resource: PODS, namespace: "default", name: "p", subresource, object: podWith(tolerations) });

const tolerationArb: fc.Arbitrary<Toleration> = fc.record(
  {
    key: fc.constantFrom("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable", "foo", ""),
    operator: fc.constantFrom("Exists", "Equal"),
    effect: fc.constantFrom("NoExecute", "NoSchedule", ""),
    tolerationSeconds: fc.nat(1000),
  },
  { requiredKeys: ["operator"] },
);

describe("DefaultTolerationSeconds admission", () => {
  const s = bootstrap();

  for (const c of cases) {
    it(c.description, () => {
      const r = admitted(s, c.requestedTolerations as Toleration[]);
      expect(isStatus(r)).toBe(false);
      // undefined: the plug-in leaves the pod as it is.
      const got = r === undefined ? c.requestedTolerations : (r as KObject).spec.tolerations;
      expect(got).toEqual(c.expectedTolerations);
    });
  }

  it("handles CREATE and UPDATE of pods proper, not DELETE or subresources (TestHandles)", () => {
    expect(admitted(s, [], "UPDATE")).not.toBeUndefined();
    expect(admitted(s, [], "DELETE")).toBeUndefined();
    expect(admitted(s, [], "CREATE", "status")).toBeUndefined();
  });

  it("runs in the default chain after ServiceAccount and before ResourceQuota (AllOrderedPlugins)", () => {
    expect(admissionChainOf(DEFAULT_CLUSTER_CONFIG).map((p) => p.name)).toEqual(["NamespaceLifecycle", "ServiceAccount", "Priority", "DefaultTolerationSeconds", "StorageObjectInUseProtection", "PersistentVolumeClaimResize", "ResourceQuota"]);
  });

  it("a created pod carries the two tolerations with the cluster's podEvictionTimeout as seconds", () => {
    const base = bootstrap();
    const s90: State = { ...base, config: { ...base.config, podEvictionTimeout: 90 } };
    const r = handle(s90, { verb: "create", resource: "pods", namespace: "default", object: podWith([]) });
    if (isStatus(r.result)) throw new Error(r.result.message);
    expect(r.result.spec.tolerations).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 90 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 90 },
    ]);
  });

  it("agrees with the taint-eviction controller's defaulting: after admission the controller adds nothing", () =>
    fc.assert(
      fc.property(fc.array(tolerationArb, { maxLength: 4 }), (ts) => {
        const r = admitted(s, ts);
        const after: Toleration[] = r === undefined ? ts : (r as KObject).spec.tolerations;
        expect(withDefaultTolerations(after, s.config.podEvictionTimeout)).toEqual(after);
        expect(after).toEqual(withDefaultTolerations(ts, s.config.podEvictionTimeout));
      }),
    ));
});
