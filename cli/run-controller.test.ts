/** `kubeprop run-controller FILE`: bad input is one line and exit 2, before anything connects anywhere. */
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubeprop } from "../test/cli-run.ts";
import { kubeconfigFile } from "./run-controller.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "kubeprop-run-controller-"));
const CONTROLLER = "examples/webapp-operator/controller.ts";

describe("kubeprop run-controller", () => {
  it("refuses a missing file, a module that exports no controller, and an unreadable or missing kubeconfig (one line, exit 2)", { timeout: 60_000 }, () => {
    const dir = tmp();
    const garbled = join(dir, "garbled");
    writeFileSync(garbled, "clusters: [\n");
    const cases: [string[], RegExp][] = [
      [["run-controller", join(dir, "nope.ts")], /^kubeprop: .*nope\.ts: no such file\n$/],
      [["run-controller", "examples/webapp-operator/invariants.ts"], /^kubeprop: examples\/webapp-operator\/invariants\.ts: exports no controller/],
      [["run-controller", CONTROLLER, "--kubeconfig", garbled], /^kubeprop: --kubeconfig: .*garbled is not a readable kubeconfig \(/],
      [["run-controller", CONTROLLER, "--kubeconfig", join(dir, "none")], /^kubeprop: --kubeconfig: .*none does not exist\n$/],
      [["run-controller", CONTROLLER, "--workers", "0"], /^kubeprop: --workers: "0" is not a number of workers/],
    ];
    for (const [args, message] of cases) {
      const r = kubeprop(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
  });

  it("finds the kubeconfig as kubectl does: --kubeconfig, else $KUBECONFIG's first file, else ~/.kube/config", () => {
    expect(kubeconfigFile("given", { KUBECONFIG: "a:b" })).toBe("given");
    expect(kubeconfigFile(undefined, { KUBECONFIG: "a:b" })).toBe("a");
    expect(kubeconfigFile(undefined, {})).toMatch(/\.kube\/config$/);
  });
});
