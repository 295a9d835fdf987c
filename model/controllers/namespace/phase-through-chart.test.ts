/**
 * The namespace controller changes a Namespace's phase (and removes its finalizer) only where the Namespace chart
 * (model/lifecycles/namespace.machine.ts) has the transition: it asks the chart, through
 * model/lifecycles/namespace.ts, what the deletion (Delete) and the end of the content (ContentRemoved) lead to.
 * The chart is replaced here by one that can be told to refuse: a controller that wrote a phase or removed its
 * finalizer on its own (bypassing the chart) would still do it, and these tests fail.
 */
import { describe, expect, it, vi } from "vitest";
import type { State } from "../../state.ts";
import { settle } from "../../settle.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus } from "../../apiserver/status.ts";
import { must, nsCluster } from "./namespace.test-support.ts";

const chart = vi.hoisted(() => ({ refuse: new Set<string>(), asked: [] as string[] }));

vi.mock("../../lifecycles/namespace.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../lifecycles/namespace.ts")>();
  return {
    ...real,
    nextNamespacePhase: (ns: Parameters<typeof real.nextNamespacePhase>[0], event: Parameters<typeof real.nextNamespacePhase>[1]) => {
      chart.asked.push(event.type);
      return chart.refuse.has(event.type) ? undefined : real.nextNamespacePhase(ns, event);
    },
  };
});

const NS = "team";
const get = (s: State) => {
  const r = handle(s, { verb: "get", resource: "namespaces", name: NS });
  return isStatus(r.result) ? undefined : r.result;
};

/**
 * A namespace being deleted whose phase still reads Active: a status write raced the deletion (the API server
 * sets Terminating on delete; this puts it back, as a stale writer could). The controller is the one to move it.
 */
function deletedButActive(): State {
  let s = nsCluster();
  s = must(s, { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } } });
  s = settle(s).state;
  // Hold the namespace after its content is gone, so its phase can be read when the controller is done.
  const ns = get(s)!;
  s = must(s, { verb: "update", resource: "namespaces", name: NS, subresource: "finalize", object: { ...ns, spec: { finalizers: ["kubernetes", "example.com/hold"] } } });
  s = must(s, { verb: "delete", resource: "namespaces", name: NS });
  return must(s, { verb: "patch", resource: "namespaces", name: NS, subresource: "status", patch: { status: { phase: "Active" } } });
}

describe("namespace controller: phases come from the Namespace chart", () => {
  it("writes Terminating for a deleted namespace because the chart's Delete leads there, and finalizes on ContentRemoved", () => {
    chart.refuse.clear();
    chart.asked.length = 0;
    const s = settle(deletedButActive()).state;
    expect(get(s)?.status?.phase).toBe("Terminating");
    expect(get(s)?.spec?.finalizers).toEqual(["example.com/hold"]);
    expect(chart.asked).toContain("Delete");
    expect(chart.asked).toContain("ContentRemoved");
  });

  it("leaves the phase as it is when the chart takes no transition on Delete", () => {
    chart.refuse = new Set(["Delete"]);
    chart.asked.length = 0;
    const s = settle(deletedButActive()).state;
    expect(chart.asked).toContain("Delete");
    expect(get(s)?.status?.phase).toBe("Active");
  });

  it("keeps its finalizer when the chart takes no transition on ContentRemoved", () => {
    chart.refuse = new Set(["ContentRemoved"]);
    chart.asked.length = 0;
    const s = settle(deletedButActive()).state;
    expect(chart.asked).toContain("ContentRemoved");
    expect(get(s)?.spec?.finalizers).toEqual(["kubernetes", "example.com/hold"]);
    chart.refuse = new Set();
  });
});
