import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fnv32a } from "../../collections/fnv.ts";
import { computeHash, safeEncodeString, semanticJson } from "./hash.ts";

const template = (image: string, labels: Record<string, string> = { app: "web" }) => ({
  metadata: { labels },
  spec: { containers: [{ name: "app", image }], restartPolicy: "Always" },
});

describe("pod-template-hash (controller_utils.go ComputeHash)", () => {
  it("SafeEncodeString maps each byte to alphanums[b % 27] (rand.go)", () => {
    // '0' is byte 48: 48 % 27 = 21 → '4'; '9' is 57: 57 % 27 = 3 → 'f'.
    expect(safeEncodeString("0123456789")).toBe("456789bcdf");
    expect(safeEncodeString("")).toBe("");
  });

  it("renders the decimal FNV value of the template, safe-encoded, with no vowels", () => {
    const h = computeHash(template("nginx:1.25"));
    expect(h).toBe(safeEncodeString(String(fnv32a(new TextEncoder().encode(semanticJson(template("nginx:1.25")))))));
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  });

  it("a collision count changes the hash (status.collisionCount resolves name clashes)", () => {
    const t = template("nginx:1.25");
    const hashes = new Set([computeHash(t), computeHash(t, 0), computeHash(t, 1), computeHash(t, 2)]);
    expect(hashes.size).toBe(4);
    expect(computeHash(t, 1)).toBe(computeHash(t, 1));
  });

  it("equal templates hash equally, whatever their key order and empty fields", () => {
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (image, labels) => {
        const a = template(image, labels);
        const reordered = { spec: { restartPolicy: "Always", containers: [{ image, name: "app", env: [] }] }, metadata: { annotations: {}, labels: { ...labels } } };
        expect(computeHash(reordered)).toBe(computeHash(a));
      }),
    );
  });

  it("different images give different hashes (no collision among 2,000 images)", () => {
    const seen = new Map<string, string>();
    for (let i = 0; i < 2000; i++) {
      const h = computeHash(template(`nginx:1.${i}`));
      expect(seen.get(h)).toBeUndefined();
      seen.set(h, `nginx:1.${i}`);
    }
  });
});
