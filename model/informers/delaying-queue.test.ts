import { describe, expect, it } from "vitest";
import { emptyState } from "../empty-state.ts";
import { getTimer } from "../timers.ts";
import { timerIdFor } from "./enqueue-after.ts";
import { addAfter } from "./delaying-queue.ts";

const at = (s: ReturnType<typeof emptyState>) => getTimer(s, timerIdFor("c", "k"));

describe("addAfter (the delaying queue's insert)", () => {
  it("keeps the earlier ready time when a key is added again", () => {
    let s = addAfter(emptyState(), "c", "k", 8);
    s = addAfter(s, "c", "k", 5);
    expect(at(s)).toMatchObject({ due: 5 });
    s = addAfter(s, "c", "k", 30);
    expect(at(s)).toMatchObject({ due: 5 });
  });

  it("a one-shot request is not lost behind an earlier periodic back-off, nor made periodic by one", () => {
    let s = addAfter(emptyState(), "c", "k", 1, true);
    s = addAfter(s, "c", "k", 5);
    expect(at(s)).toEqual(expect.objectContaining({ due: 1 }));
    expect(at(s)!.periodic).toBeUndefined();
    s = addAfter(s, "c", "k", 0.5, true);
    expect(at(s)).toMatchObject({ due: 0.5, periodic: true });
  });
});
