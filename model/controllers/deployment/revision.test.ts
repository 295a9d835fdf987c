import { describe, expect, it } from "vitest";
import { deployment, replicaSet } from "./fixtures.test-support.ts";
import {
  LAST_APPLIED_CONFIG_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  maxRevision,
  revisionOf,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  sortReplicaSetsByRevision,
} from "./revision.ts";
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION } from "./annotations.ts";
import type { ReplicaSetV } from "./types.ts";

const withRevision = (name: string, rev: string | undefined, extra: Record<string, string> = {}, creationTimestamp?: string): ReplicaSetV =>
  replicaSet({ name, spec: 0, annotations: { ...(rev === undefined ? {} : { [REVISION_ANNOTATION]: rev }), ...extra }, ...(creationTimestamp ? { creationTimestamp } : {}) });

describe("revisions (deployment_util.go Revision, MaxRevision)", () => {
  it("reads a missing revision as 0 and an unparsable one as unknown", () => {
    expect(revisionOf(withRevision("a", undefined))).toBe(0);
    expect(revisionOf(withRevision("a", "7"))).toBe(7);
    expect(revisionOf(withRevision("a", "x"))).toBeUndefined();
    expect(maxRevision([withRevision("a", "3"), withRevision("b", "x"), withRevision("c", "12"), withRevision("d", undefined)])).toBe(12);
    expect(maxRevision([])).toBe(0);
  });

  it("sorts by revision, ties and unparsable ones by creation time then name (ReplicaSetsByRevision)", () => {
    const rss = [
      withRevision("c", "2", {}, "2026-01-01T00:00:03Z"),
      withRevision("a", "10", {}, "2026-01-01T00:00:01Z"),
      withRevision("b", "2", {}, "2026-01-01T00:00:02Z"),
      withRevision("d", "1", {}, "2026-01-01T00:00:04Z"),
    ];
    expect(sortReplicaSetsByRevision(rss).map((r) => r.metadata?.name)).toEqual(["d", "b", "c", "a"]);
  });
});

describe("SetNewReplicaSetAnnotations", () => {
  const d = { ...deployment({ replicas: 4, maxSurge: 1, maxUnavailable: 0 }), metadata: { name: "foo", namespace: "default", annotations: { team: "a", [LAST_APPLIED_CONFIG_ANNOTATION]: "{}", [REVISION_ANNOTATION]: "9" } } };

  it("a ReplicaSet about to be created gets the revision, the deployment's annotations (not the skipped ones) and the replica annotations", () => {
    const r = setNewReplicaSetAnnotations(d, withRevision("new", undefined), "3", false);
    expect(r.changed).toBe(true);
    expect(r.rs.metadata?.annotations).toEqual({ team: "a", [REVISION_ANNOTATION]: "3", [DESIRED_REPLICAS_ANNOTATION]: "4", [MAX_REPLICAS_ANNOTATION]: "5" });
  });

  it("an up-to-date ReplicaSet needs no update", () => {
    const r = setNewReplicaSetAnnotations(d, withRevision("new", "3", { team: "a" }), "3", true);
    expect(r.changed).toBe(false);
  });

  it("a reused ReplicaSet (rollback) gets the next revision and remembers the old ones in revision-history", () => {
    const first = setNewReplicaSetAnnotations(d, withRevision("old", "1", { team: "a" }), "3", true);
    expect(first.changed).toBe(true);
    expect(first.rs.metadata?.annotations?.[REVISION_ANNOTATION]).toBe("3");
    expect(first.rs.metadata?.annotations?.[REVISION_HISTORY_ANNOTATION]).toBe("1");
    const second = setNewReplicaSetAnnotations(d, first.rs, "5", true);
    expect(second.rs.metadata?.annotations?.[REVISION_ANNOTATION]).toBe("5");
    expect(second.rs.metadata?.annotations?.[REVISION_HISTORY_ANNOTATION]).toBe("1,3");
  });

  it("compares revisions as integers (10 > 9), never lowering one", () => {
    expect(setNewReplicaSetAnnotations(d, withRevision("rs", "9", { team: "a" }), "10", true).rs.metadata?.annotations?.[REVISION_ANNOTATION]).toBe("10");
    const higher = setNewReplicaSetAnnotations(d, withRevision("rs", "12", { team: "a" }), "10", true);
    expect(higher.changed).toBe(false);
    expect(higher.rs.metadata?.annotations?.[REVISION_ANNOTATION]).toBe("12");
  });

  it("leaves a ReplicaSet with a non-integer revision alone", () => {
    expect(setNewReplicaSetAnnotations(d, withRevision("rs", "abc"), "4", true).changed).toBe(false);
  });

  it("drops the oldest history entries beyond the length limit", () => {
    const rs = withRevision("rs", "40", { team: "a", [REVISION_HISTORY_ANNOTATION]: "10,20,30" });
    // "10,20,30" + ",40" is 11 characters; a limit of 9 drops "10".
    expect(setNewReplicaSetAnnotations(d, rs, "50", true, 9).rs.metadata?.annotations?.[REVISION_HISTORY_ANNOTATION]).toBe("20,30,40");
    expect(setNewReplicaSetAnnotations(d, rs, "50", true).rs.metadata?.annotations?.[REVISION_HISTORY_ANNOTATION]).toBe("10,20,30,40");
  });

  it("SetDeploymentRevision reports whether the annotation changed", () => {
    expect(setDeploymentRevision(d, "9").changed).toBe(false);
    const r = setDeploymentRevision(d, "10");
    expect(r.changed).toBe(true);
    expect(r.d.metadata?.annotations).toEqual({ ...d.metadata.annotations, [REVISION_ANNOTATION]: "10" });
    expect(d.metadata.annotations[REVISION_ANNOTATION]).toBe("9");
  });
});
