/**
 * model/apiserver/builtin-schema/fields.generated.ts is what scripts/generate-builtin-fields.ts writes from the
 * vendored .proto files today: a .proto change without a re-generation fails here.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { GENERATED_PATH, generateBuiltinFields } from "../scripts/generate-builtin-fields.ts";

describe("the built-in kinds' field table", () => {
  it("is current: re-generating it from server/protobuf/schema/*.proto gives the committed file", () => {
    expect(readFileSync(GENERATED_PATH, "utf8")).toBe(generateBuiltinFields());
  });

  it("has the fields trimmed from the .proto files back, and TypeMeta on the kinds", () => {
    const text = generateBuiltinFields();
    expect(text).toMatch(/PodSpec: \{ pkg: "v1", fields: \{[^\n]*"resourceClaims": \{type: "any",repeated: true\}/);
    expect(text).toMatch(/Deployment: \{ pkg: "v1", fields: \{ "apiVersion": \{type: "string",via: "TypeMeta"\}/);
  });
});
