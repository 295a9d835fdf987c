import { describe, expect, it } from "vitest";
import { lifecycleBenchmarks } from "./lifecycles.ts";

describe("lifecycle benchmarks", () => {
  it("measure both the compiled table and xstate's transition() (speed is compared in npm run bench, not here)", () => {
    const [table, xs] = lifecycleBenchmarks(true);
    expect(table!.name).toBe("lifecycles: pod compiled table lookup");
    expect(xs!.name).toBe("lifecycles: pod xstate transition()");
    expect(table!.ops).toBeGreaterThan(0);
    expect(xs!.ops).toBeGreaterThan(0);
  });
});
