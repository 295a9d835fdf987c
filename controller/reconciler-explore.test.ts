/**
 * Exhaustive exploration of a pure reconciler with exact state counts (as Stateright's tests pin theirs): the
 * bounded explorer over a tiny project (test/fixtures/controllers/copies-project.ts: a user creates, changes and
 * deletes ConfigMap "a", the controller keeps two copies of it, and may be restarted), exploring only the
 * controller's actions besides the user's and the faults; the rest of the control plane waits for the ending.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadControllerProject, projectOf } from "../properties/project.ts";
import { exploreSession } from "../properties/session/explore.ts";
import { describeAction, type Action } from "../model/actions.ts";
import { copiesProject } from "../test/fixtures/controllers/copies-project.ts";

const PROJECT = "test/fixtures/controllers/copies-project.ts";
const exploreWith = (controller: string) => exploreSession({ project: projectOf(PROJECT, copiesProject(controller)), depth: 7, components: ["controller/*"] });

describe("the bounded explorer over a pure reconciler", () => {
  it("visits exactly the same number of distinct states every time", { timeout: 30_000 }, () => {
    const first = exploreWith("./configmap-copies.ts");
    expect(first).toMatchObject({ distinctStates: 1392, transitions: 1967, depth: 7, complete: false, violation: null });
    const second = exploreWith("./configmap-copies.ts");
    expect(second).toMatchObject({ distinctStates: 1392, transitions: 1967, depth: 7, complete: false, violation: null });
  });

  it("the async form of the same controller has a few more: a step between its last answer and its end", { timeout: 30_000 }, () => {
    // configmap-copies-async.ts awaits the very requests the pure form returns. Its run stays in flight after the
    // last answer until one more reconcile step runs what follows the last await (here nothing) and ends it, and
    // it learns of a failure in the step after the one that got it; the pure form has nothing left to run after
    // its last request or its first failure, so those steps end its run. The async form's extra states are those
    // runs that have had every answer but have not ended yet, and what follows from them within the depth.
    expect(exploreWith("./configmap-copies-async.ts")).toMatchObject({ distinctStates: 1444, transitions: 2049, depth: 7, violation: null });
  });

  it("finds the planted orphans of configmap-copies-orphans.ts, in the fewest actions", { timeout: 30_000 }, () => {
    const r = exploreWith("./configmap-copies-orphans.ts");
    expect(r.violation?.property).toBe("configmap-copies-match");
    expect(r.violation?.message).toMatch(/^ConfigMap default\/a-copy-1 is a copy of a, which no longer exists at the end/);
    expect((r.violation!.actions as Action[]).map(describeAction)).toEqual([
      "user: create configmaps -n default a",
      "controller/configmap-copies: informer sync configmaps",
      "controller/configmap-copies: reconcile",
      "user: delete configmaps -n default a",
      "fault: restart controller/configmap-copies",
      "controller/configmap-copies: informer sync configmaps",
      "controller/configmap-copies: reconcile",
    ]);
  });
});

describe("README's lighter form", () => {
  it("its snippet runs as printed and explores to the count it prints", { timeout: 30_000 }, async () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("### The lighter form"));
    const snippet = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    const printed = /\$ npx kubeprop explore --controller my-reconciler\.ts --components 'controller\/\*' --depth 6\n.*\ndistinct states: (\d+), transitions: (\d+),/.exec(section)!;
    const dir = mkdtempSync(join(tmpdir(), "kubeprop-lighter-"));
    const file = join(dir, "my-reconciler.ts");
    writeFileSync(file, snippet.replace('from "kubeprop"', `from ${JSON.stringify(fileURLToPath(new URL("./reconciler.ts", import.meta.url)))}`));
    const r = exploreSession({ project: await loadControllerProject(file), depth: 6, components: ["controller/*"] });
    rmSync(dir, { recursive: true, force: true });
    expect(r).toMatchObject({ distinctStates: Number(printed[1]), transitions: Number(printed[2]), violation: null });
    // The snippet copies every ConfigMap, the four kube-root-ca.crt of a new cluster's namespaces too (148 before
    // the bootstrap had them); README.md prints "distinct states: 193, transitions: 303".
    expect(r.distinctStates).toBe(193);
    expect(r.transitions).toBe(303);
  });
});
