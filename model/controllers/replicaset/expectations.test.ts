import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { btreeEmpty } from "../../collections/btree.ts";
import {
  EXPECTATIONS_TIMEOUT_SECONDS,
  NOT_YET_SENT,
  creationObserved,
  creationSent,
  deleteExpectations,
  deletionObserved,
  deletionSent,
  expectCreations,
  expectDeletions,
  getExpectations,
  lowerExpectations,
  observePodInformer,
  satisfiedExpectations,
  type ExpectationsStore,
} from "./expectations.ts";

const K = "default/web";
const UID = "uid-1";
const empty = (): ExpectationsStore => btreeEmpty();

describe("controller expectations", () => {
  it("a controller without expectations may act", () => {
    expect(satisfiedExpectations(empty(), K, 0)).toBe(true);
  });

  it("creates wait until the informer has delivered the revisions they were written at", () => {
    let st = expectCreations(empty(), K, UID, 2, 10);
    expect(getExpectations(st, K)).toEqual({ uid: UID, add: 2, del: 0, timestamp: 10, createRevisions: [], deleteRevisions: {} });
    st = creationSent(creationSent(st, K, 41), K, 43);
    expect(satisfiedExpectations(st, K, 10)).toBe(false);
    st = observePodInformer(st, K, UID, 42);
    expect(getExpectations(st, K)).toMatchObject({ add: 1, createRevisions: [43] });
    expect(satisfiedExpectations(st, K, 10)).toBe(false);
    st = observePodInformer(st, K, UID, 43);
    // Fulfilled with nothing left to watch for: dropped.
    expect(getExpectations(st, K)).toBeUndefined();
    expect(satisfiedExpectations(st, K, 10)).toBe(true);
  });

  it("skipped or refused creates are lowered directly", () => {
    let st = creationSent(expectCreations(empty(), K, UID, 3, 0), K, 5);
    st = creationObserved(creationObserved(st, K), K);
    expect(getExpectations(st, K)).toMatchObject({ add: 1 });
    expect(satisfiedExpectations(observePodInformer(st, K, UID, 5), K, 0)).toBe(true);
  });

  it("tracks deletions by pod key and counts each pod once", () => {
    let st = expectDeletions(empty(), K, UID, ["default/a", "default/b"], 0);
    expect(getExpectations(st, K)).toMatchObject({ del: 2, deleteRevisions: { "default/a": NOT_YET_SENT, "default/b": NOT_YET_SENT } });
    st = deletionSent(st, K, "default/a", 7);
    st = deletionSent(st, K, "default/zzz", 8); // not expected: ignored
    // b's delete was refused: observed at once, and only once.
    st = deletionObserved(deletionObserved(st, K, "default/b"), K, "default/b");
    expect(getExpectations(st, K)).toMatchObject({ del: 1, deleteRevisions: { "default/a": 7 } });
    expect(satisfiedExpectations(observePodInformer(st, K, UID, 6), K, 0)).toBe(false);
    expect(satisfiedExpectations(observePodInformer(st, K, UID, 7), K, 0)).toBe(true);
  });

  it("a deletion not yet sent is never observed by the informer", () => {
    const st = expectDeletions(empty(), K, UID, ["default/a"], 0);
    expect(getExpectations(observePodInformer(st, K, UID, 1e9), K)).toMatchObject({ del: 1 });
  });

  it("expire after more than 5 minutes", () => {
    const st = creationSent(expectCreations(empty(), K, UID, 1, 100), K, 9);
    expect(satisfiedExpectations(st, K, 100 + EXPECTATIONS_TIMEOUT_SECONDS)).toBe(false);
    expect(satisfiedExpectations(st, K, 100 + EXPECTATIONS_TIMEOUT_SECONDS + 0.5)).toBe(true);
  });

  it("belong to one controller object: another uid under the same key starts clean", () => {
    const st = creationSent(expectCreations(empty(), K, UID, 1, 0), K, 9);
    expect(getExpectations(observePodInformer(st, K, "uid-2", 0), K)).toBeUndefined();
    expect(getExpectations(deleteExpectations(st, K), K)).toBeUndefined();
  });

  it("lowering without expectations does nothing", () => {
    const st = empty();
    expect(lowerExpectations(st, K, 1, 1)).toBe(st);
    expect(creationSent(st, K, 1)).toBe(st);
    expect(deletionObserved(st, K, "default/a")).toBe(st);
  });

  it("are satisfied exactly when every sent write is at or below the informer's revision, or they expired (property)", () =>
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 2 * EXPECTATIONS_TIMEOUT_SECONDS }),
        (creates, deletes, informer, elapsed) => {
          let st = expectCreations(empty(), K, UID, creates.length, 0);
          for (const r of creates) st = creationSent(st, K, r);
          const keys = deletes.map((_, i) => `default/p${i}`);
          let dst = expectDeletions(empty(), K, UID, keys, 0);
          deletes.forEach((r, i) => (dst = deletionSent(dst, K, keys[i]!, r)));
          const expired = elapsed > EXPECTATIONS_TIMEOUT_SECONDS;
          expect(satisfiedExpectations(observePodInformer(st, K, UID, informer), K, elapsed)).toBe(expired || creates.every((r) => r <= informer));
          expect(satisfiedExpectations(observePodInformer(dst, K, UID, informer), K, elapsed)).toBe(expired || deletes.every((r) => r <= informer));
          // Observing in two steps ends where observing once does.
          const twice = observePodInformer(observePodInformer(st, K, UID, Math.floor(informer / 2)), K, UID, informer);
          expect(getExpectations(twice, K)).toEqual(getExpectations(observePodInformer(st, K, UID, informer), K));
        },
      ),
    ));
});
