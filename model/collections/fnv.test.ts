import { describe, expect, it } from "vitest";
import { fnv32a, fnv32aCodeUnits, hex32 } from "./fnv.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("FNV-1a 32", () => {
  // The FNV reference vectors (Go's hash/fnv tests use the same): the hash of nothing is the offset basis.
  const vectors: [string, number][] = [
    ["", 0x811c9dc5],
    ["a", 0xe40c292c],
    ["foobar", 0xbf9cf968],
  ];

  it("over bytes matches Go's hash/fnv New32a", () => {
    for (const [s, h] of vectors) expect(fnv32a(utf8(s))).toBe(h);
  });

  it("continues from a given hash, as a second Write does", () => {
    expect(fnv32a(utf8("bar"), fnv32a(utf8("foo")))).toBe(0xbf9cf968);
  });

  it("over code units agrees with the byte hash on ASCII text", () => {
    for (const [s, h] of vectors) expect(fnv32aCodeUnits(s)).toBe(h);
  });

  it("over code units differs from the byte hash beyond ASCII (each code unit is XORed in whole)", () => {
    // "é" is one code unit (0xe9) but two UTF-8 bytes (0xc3 0xa9).
    expect(fnv32aCodeUnits("é")).toBe(Math.imul(0x811c9dc5 ^ 0xe9, 0x01000193) >>> 0);
    expect(fnv32aCodeUnits("é")).not.toBe(fnv32a(utf8("é")));
  });

  it("over code units starts from a given basis", () => {
    expect(fnv32aCodeUnits("", 0x9e3779b9)).toBe(0x9e3779b9);
    expect(fnv32aCodeUnits("a", 0x811c9dc5)).toBe(0xe40c292c);
  });

  it("renders as 8 hex digits", () => {
    expect(hex32(0xe40c292c)).toBe("e40c292c");
    expect(hex32(0xbf)).toBe("000000bf");
  });
});
