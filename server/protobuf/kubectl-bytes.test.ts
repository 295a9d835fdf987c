/**
 * The bytes the real kubectl (v1.32) sends for typed `kubectl create` commands, recorded by
 * test/fixtures/protobuf/capture.ts, decode to the JSON kubectl itself prints for the same object
 * (`kubectl create ... --dry-run=client -o json`, nulls dropped), committed beside them.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { decodeProtobufBody } from "./decode.ts";

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/protobuf/", import.meta.url));

describe("kubectl's recorded protobuf bodies", () => {
  for (const name of ["configmap-x", "deployment-web", "namespace-team-a", "secret-creds", "serviceaccount-robot"]) {
    it(`${name}.bin decodes to ${name}.json`, () => {
      const bytes = readFileSync(`${FIXTURES}${name}.bin`);
      expect([...bytes.subarray(0, 4)]).toEqual([0x6b, 0x38, 0x73, 0x00]);
      expect(decodeProtobufBody(bytes)).toEqual({ ok: true, value: JSON.parse(readFileSync(`${FIXTURES}${name}.json`, "utf8")) });
    });
  }

  it("the deployment carries what --image=nginx --replicas=2 asked, and no zero of a non-pointer field", () => {
    const r = decodeProtobufBody(readFileSync(`${FIXTURES}deployment-web.bin`));
    expect(r.ok && r.value).toMatchObject({ spec: { replicas: 2, template: { spec: { containers: [{ name: "nginx", image: "nginx" }] } } } });
    expect(JSON.stringify(r)).not.toMatch(/"generateName"|"generation"|"stdin"|"terminationMessagePath"/);
  });
});
