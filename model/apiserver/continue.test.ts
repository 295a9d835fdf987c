import { describe, expect, it } from "vitest";
import fc from "fast-check";
import cases from "../../test/fixtures/fidelity/continue-token.json" with { type: "json" };
import { base64RawUrlDecode, base64RawUrlEncode, decodeContinue, encodeContinue, goPathClean } from "./continue.ts";

/** The Go sentinel errors DecodeContinue wraps (k8s.io/apiserver/pkg/storage/continue.go). */
const SENTINELS: Record<string, string> = {
  ErrGenericInvalidKey: "continue key is not valid",
  ErrInvalidStartRV: "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)",
  ErrEmptyStartKey: "continue key is not valid: encoded start key empty (version meta.k8s.io/v1)",
  ErrUnrecognizedEncodedVersion: "continue key is not valid: server does not recognize this encoded version",
};

/** encodeContinueOrDie of the Go test: json.Marshal of the token, base64.RawURLEncoding (Node's base64url is the same). */
const goToken = (t: { v: string; rv: number; start: string }) => Buffer.from(JSON.stringify({ v: t.v, rv: t.rv, start: t.start }), "utf8").toString("base64url");

describe("continue tokens (storage/continue.go)", () => {
  for (const c of cases) {
    it(`DecodeContinue: ${c.source.split("/").pop()}`, () => {
      const d = decodeContinue(goToken(c.token), c.keyPrefix);
      if (c.expectedError !== undefined) {
        expect(d.ok).toBe(false);
        if (!d.ok) expect(d.error.startsWith(SENTINELS[c.expectedError]!)).toBe(true);
      } else {
        expect(d).toEqual({ ok: true, fromKey: c.expectedFromKey, rv: c.expectedRv });
      }
    });
  }

  it("EncodeContinue writes the token Go writes, and DecodeContinue reads it back", () => {
    const t = encodeContinue("/registry/configmaps/default/b\0", "/registry/configmaps/", 42);
    expect(t).toBe(Buffer.from('{"v":"meta.k8s.io/v1","rv":42,"start":"default/b\\u0000"}', "utf8").toString("base64url"));
    expect(decodeContinue(t!, "/registry/configmaps/")).toEqual({ ok: true, fromKey: "/registry/configmaps/default/b\0", rv: 42 });
    expect(encodeContinue("/registry/pods/x", "/registry/configmaps/", 1)).toBeUndefined();
  });

  it("base64 RawURLEncoding round-trips any bytes and agrees with Node's base64url", () =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const s = base64RawUrlEncode(bytes);
        expect(s).toBe(Buffer.from(bytes).toString("base64url"));
        const d = base64RawUrlDecode(s);
        expect(d.ok && Array.from(d.bytes)).toEqual(Array.from(bytes));
      }),
    ));

  it("refuses malformed base64 with Go's CorruptInputError offset", () => {
    expect(base64RawUrlDecode("abc!def")).toEqual({ ok: false, error: "illegal base64 data at input byte 3" });
    expect(base64RawUrlDecode("abcd=")).toEqual({ ok: false, error: "illegal base64 data at input byte 4" });
    expect(base64RawUrlDecode("abcde")).toEqual({ ok: false, error: "illegal base64 data at input byte 4" });
    expect(decodeContinue("not a token", "/p/")).toEqual({ ok: false, error: "continue key is not valid: illegal base64 data at input byte 3" });
  });

  it("path.Clean", () => {
    expect(goPathClean("/a/b/../c/./d/")).toBe("/a/c/d");
    expect(goPathClean("/../x")).toBe("/x");
    expect(goPathClean("/")).toBe("/");
  });
});
