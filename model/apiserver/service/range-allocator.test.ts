import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { rangeAllocate, rangeAllocateNext, rangeEmpty, rangeOwner, rangeRelease, rangeUsed, type RangeAllocator } from "./range-allocator.ts";
import { ipv4Range, addressAt, offsetInRange, parseIPv4, formatIPv4 } from "./cidr.ts";

type Op = { kind: "next" } | { kind: "take"; offset: number } | { kind: "release"; offset: number };

const SIZE = 12;
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ kind: "next" as const }),
  fc.integer({ min: -1, max: SIZE }).map((offset) => ({ kind: "take" as const, offset })),
  fc.integer({ min: 0, max: SIZE - 1 }).map((offset) => ({ kind: "release" as const, offset })),
);

describe("range allocator", () => {
  it("behaves like a set of taken offsets that hands out the lowest free one", () =>
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        let r: RangeAllocator = rangeEmpty(SIZE);
        const model = new Set<number>();
        for (const [i, o] of ops.entries()) {
          if (o.kind === "next") {
            const got = rangeAllocateNext(r, `o${i}`);
            const free = [...Array(SIZE).keys()].filter((k) => !model.has(k));
            if (free.length === 0) expect(got).toBe("full");
            else {
              expect(got).not.toBe("full");
              if (got === "full") return;
              expect(got.offset).toBe(free[0]);
              model.add(got.offset);
              r = got.range;
            }
          } else if (o.kind === "take") {
            const got = rangeAllocate(r, o.offset, `o${i}`);
            if (o.offset < 0 || o.offset >= SIZE) expect(got).toBe("not-in-range");
            else if (model.has(o.offset)) expect(got).toBe("allocated");
            else {
              expect(typeof got).toBe("object");
              model.add(o.offset);
              r = got as RangeAllocator;
            }
          } else {
            r = rangeRelease(r, o.offset);
            model.delete(o.offset);
          }
          expect([...rangeUsed(r)].map(([k]) => k)).toEqual([...model].sort((a, b) => a - b));
        }
      }),
    ));

  it("remembers who holds an offset", () => {
    const r = rangeAllocate(rangeEmpty(4), 2, "default/web") as RangeAllocator;
    expect(rangeOwner(r, 2)).toBe("default/web");
    expect(rangeOwner(r, 1)).toBeUndefined();
  });
});

describe("IPv4 ranges", () => {
  it("10.96.0.0/12 gives out 10.96.0.1 to 10.111.255.254", () => {
    const r = ipv4Range("10.96.0.0/12");
    expect(r.size).toBe(2 ** 20 - 2);
    expect(addressAt(r, 0)).toBe("10.96.0.1");
    expect(addressAt(r, r.size - 1)).toBe("10.111.255.254");
    expect(offsetInRange(r, parseIPv4("10.96.0.0")!)).toBeUndefined();
    expect(offsetInRange(r, parseIPv4("10.111.255.255")!)).toBeUndefined();
    expect(offsetInRange(r, parseIPv4("10.100.1.2")!)).toBe(4 * 65536 + 256 + 1);
  });

  it("parses only dotted quads", () => {
    expect(parseIPv4("10.0.0.256")).toBeUndefined();
    expect(parseIPv4("10.0.0")).toBeUndefined();
    expect(parseIPv4("a.b.c.d")).toBeUndefined();
    expect(formatIPv4(parseIPv4("172.18.0.2")!)).toBe("172.18.0.2");
  });
});
