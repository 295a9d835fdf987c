import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseScenario } from "../model/scenario/parse.ts";
import { runScenario } from "../model/scenario/run.ts";
import { SAFETY_INVARIANTS } from "../invariants/index.ts";
import { monitorObserver } from "../invariants/monitor.ts";
import { ROOT } from "./cli-run.ts";

const DIR = join(ROOT, "scenarios");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();

describe("every scenario in scenarios/ runs end to end with its expectations met and no invariant violated", () => {
  it("has the scenarios the issues ask for", () => {
    for (const f of ["foundation", "deployment-rollout", "deployment-rollback-pause", "node-crash", "hpa", "static-pod", "crashloop", "namespace-deletion", "quota", "serviceaccount", "service-endpoints", "kube-proxy", "loadbalancer", "volumes", "pv-binding", "probes"]) {
      expect(FILES).toContain(`${f}.yaml`);
    }
  });
  for (const f of FILES) {
    it(f, { timeout: 120_000 }, () => {
      const file = join(DIR, f);
      const sc = parseScenario(readFileSync(file, "utf8"), file, (p) => readFileSync(join(DIR, p), "utf8"));
      const r = runScenario(sc, { observer: monitorObserver(SAFETY_INVARIANTS), file });
      expect(r.expectationFailures).toEqual([]);
      expect(r.violations).toEqual([]);
      expect(r.unsettled).toEqual([]);
    });
  }
});
