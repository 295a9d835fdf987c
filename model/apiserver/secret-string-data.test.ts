/** stringData on create, update and patch (pkg/apis/core/v1/conversion.go Convert_v1_Secret_To_core_Secret). */
import { describe, expect, it } from "vitest";
import { bootstrap } from "../bootstrap.ts";
import { handle } from "./handle.ts";
import type { KObject } from "../objects/types.ts";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const secret = (extra: object): KObject => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" }, ...extra }) as KObject;

describe("Secret stringData", () => {
  it("is merged into data on create, over a data key of the same name, and never stored", () => {
    const r = handle(bootstrap(), { verb: "create", resource: "secrets", namespace: "default", object: secret({ data: { a: b64("old"), b: b64("keep") }, stringData: { a: "new", c: "ünï" } }) });
    const o = r.result as KObject & { data?: Record<string, string> };
    expect(o.data).toEqual({ a: b64("new"), b: b64("keep"), c: b64("ünï") });
    expect("stringData" in o).toBe(false);
    const read = handle(r.state, { verb: "get", resource: "secrets", namespace: "default", name: "s" }).result;
    expect(read).toEqual(o);
  });

  it("is merged on update and on a merge patch", () => {
    const c = handle(bootstrap(), { verb: "create", resource: "secrets", namespace: "default", object: secret({ data: { a: b64("1") } }) });
    const u = handle(c.state, { verb: "update", resource: "secrets", namespace: "default", name: "s", object: { ...(c.result as KObject), stringData: { b: "2" } } as KObject });
    expect((u.result as any).data).toEqual({ a: b64("1"), b: b64("2") });
    const p = handle(u.state, { verb: "patch", resource: "secrets", namespace: "default", name: "s", patchType: "merge", patch: { stringData: { a: "3" } } } as any);
    expect((p.result as any).data).toEqual({ a: b64("3"), b: b64("2") });
    expect("stringData" in (p.result as object)).toBe(false);
  });

  it("an empty stringData is dropped and data left as it was", () => {
    const r = handle(bootstrap(), { verb: "create", resource: "secrets", namespace: "default", object: secret({ data: { a: b64("x") }, stringData: {} }) });
    expect(r.result).toMatchObject({ data: { a: b64("x") } });
    expect("stringData" in (r.result as object)).toBe(false);
  });
});
