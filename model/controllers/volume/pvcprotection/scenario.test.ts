/**
 * scenarios/storage-protection.yaml end to end: the admission plug-in and both protection controllers in the
 * default cluster, with the kubelet, the scheduler and the PV controller.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseScenario } from "../../../scenario/parse.ts";
import { runScenario } from "../../../scenario/run.ts";
import type { Effect } from "../../../effects.ts";
import { DEFAULT_ADMISSION, DEFAULT_CONTROL_PLANE } from "../../../config.ts";
import { PVC_PROTECTION_ID, PVC_PROTECTION_KIND } from "./controller.ts";
import { PV_PROTECTION_ID, PV_PROTECTION_KIND } from "../pvprotection/controller.ts";

const FILE = "scenarios/storage-protection.yaml";
const TEXT = readFileSync(new URL(`../../../../${FILE}`, import.meta.url), "utf8");

describe("scenario storage-protection.yaml", () => {
  it("runs with every expectation met", () => {
    const r = runScenario(parseScenario(TEXT, FILE), { file: FILE });
    expect(r.expectationFailures).toEqual([]);
    expect(r.unsettled).toEqual([]);
    const requests = r.trace.flatMap((t) => t.effects).filter((e): e is Extract<Effect, { kind: "request" }> => e.kind === "request");
    // The finalizers came off through the API, by the controllers, once each.
    const removals = requests.filter((e) => e.verb === "update" && (e.client === PVC_PROTECTION_ID || e.client === PV_PROTECTION_ID)).map((e) => [e.client, e.resource, e.name, e.code]);
    expect(removals).toEqual([
      [PVC_PROTECTION_ID, "persistentvolumeclaims", "data", 200],
      [PV_PROTECTION_ID, "persistentvolumes", "shared", 200],
      [PVC_PROTECTION_ID, "persistentvolumeclaims", "out", 200],
      [PVC_PROTECTION_ID, "persistentvolumeclaims", "scratch", 200],
    ]);
  });

  it("without the protection (the plug-in dropped, the controllers not run), the claim in use goes at once", () => {
    const sc = parseScenario(TEXT, FILE);
    const unprotected = {
      ...sc,
      config: {
        admission: DEFAULT_ADMISSION.filter((a) => a.name !== "StorageObjectInUseProtection"),
        components: DEFAULT_CONTROL_PLANE.filter((c) => c.kind !== PVC_PROTECTION_KIND && c.kind !== PV_PROTECTION_KIND),
      },
    };
    const failures = runScenario(unprotected, { file: FILE }).expectationFailures;
    // No finalizer was put on, and `kubectl delete pvc data` removed the claim under the running pod.
    expect(failures[0]).toContain("persistentvolumeclaims default/data metadata.finalizers is unset");
    expect(failures.some((f) => f.includes("expected persistentvolumeclaims default/data to exist"))).toBe(true);
  });
});
