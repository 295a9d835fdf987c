import { describe, expect, it } from "vitest";
import { shellWord } from "./shell-word.ts";

describe("shellWord", () => {
  it("leaves a word of safe characters as it is", () => {
    expect(shellWord("kubeprop-out/coverage.json")).toBe("kubeprop-out/coverage.json");
  });

  it("single-quotes anything else, a quote inside as '\\''", () => {
    expect(shellWord("my plugins/it's.ts")).toBe(`'my plugins/it'\\''s.ts'`);
    expect(shellWord("")).toBe("''");
  });
});
