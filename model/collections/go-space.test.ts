import { describe, expect, it } from "vitest";
import { goTrimSpace, isGoSpace } from "./go-space.ts";

describe("Go white space (unicode.IsSpace, strings.TrimSpace)", () => {
  it("is the Latin-1 spaces and the Unicode White_Space set", () => {
    for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]) expect(isGoSpace(c)).toBe(true);
    // Not white space in Go: U+200B ZERO WIDTH SPACE, and U+FEFF, which JavaScript's trim() does remove.
    for (const c of [0x200b, 0xfeff, 0x41]) expect(isGoSpace(c)).toBe(false);
  });

  it("trims both ends only", () => {
    expect(goTrimSpace("\u00a0 a b\u3000\n")).toBe("a b");
    expect(goTrimSpace("\u200ba\u200b")).toBe("\u200ba\u200b");
    expect(goTrimSpace(" \t ")).toBe("");
  });
});
