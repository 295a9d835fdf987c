import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { bootstrap } from "../../bootstrap.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus } from "../../apiserver/status.ts";
import { settle } from "../../settle.ts";
import { step, stepWithEffects } from "../../step.ts";
import { BUILTIN_CLUSTER } from "../../cluster.ts";
import { TOKENS_CONTROLLER_ID, TOKENS_CONTROLLER_KIND } from "./tokens-controller.ts";
import { SERVICE_ACCOUNT_TOKEN_TYPE, generateToken, secretData } from "./tokens-generator.ts";

const NS = "team-a";

function cluster(): State {
  let s = BUILTIN_CLUSTER.addComponent(bootstrap(), TOKENS_CONTROLLER_ID, TOKENS_CONTROLLER_KIND);
  return must(s, { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } } });
}

function must(s: State, req: Parameters<typeof handle>[1]): State {
  const r = handle(s, req);
  if (isStatus(r.result)) throw new Error(`${req.verb} ${req.resource}: ${r.result.message}`);
  return r.state;
}

const get = (s: State, resource: string, name: string, ns = NS) => {
  const r = handle(s, { verb: "get", resource, namespace: ns, name }).result;
  return isStatus(r) ? undefined : r;
};
const tokens = (s: State, ns = NS): KObject[] =>
  ((handle(s, { verb: "list", resource: "secrets", namespace: ns }).result as any).items as KObject[]).filter((x) => x.type === SERVICE_ACCOUNT_TOKEN_TYPE);
const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");

describe("service account tokens controller", () => {
  it("gives the default ServiceAccount of a new namespace a token Secret, referenced from the account", () => {
    const s = settle(cluster()).state;
    const sa = get(s, "serviceaccounts", "default")!;
    const [token, ...more] = tokens(s);
    expect(more).toEqual([]);
    expect(token!.metadata.name).toMatch(/^default-token-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(token!.metadata.annotations).toEqual({ "kubernetes.io/service-account.name": "default", "kubernetes.io/service-account.uid": sa.metadata.uid });
    expect(sa.secrets).toEqual([{ name: token!.metadata.name }]);
    const data = token!.data as Record<string, string>;
    expect(decode(data.namespace!)).toBe(NS);
    expect(data.token).toBe(secretData(generateToken(sa, token!.metadata.name!)));
    const claims = JSON.parse(Buffer.from(decode(data.token!).split(".")[1]!, "base64url").toString("utf8"));
    expect(claims).toEqual({
      iss: "kubernetes/serviceaccount",
      "kubernetes.io/serviceaccount/namespace": NS,
      "kubernetes.io/serviceaccount/secret.name": token!.metadata.name,
      "kubernetes.io/serviceaccount/service-account.name": "default",
      "kubernetes.io/serviceaccount/service-account.uid": sa.metadata.uid,
      sub: `system:serviceaccount:${NS}:default`,
    });
    expect(decode(data["ca.crt"]!)).toContain("BEGIN CERTIFICATE");
  });

  it("is deterministic: the same run gives the same token bytes", () => {
    const a = tokens(settle(cluster()).state)[0]!;
    const b = tokens(settle(cluster()).state)[0]!;
    expect(a).toEqual(b);
  });

  it("deletes the token with its account (the ServiceAccounts controller then makes a new default with a new token)", () => {
    let s = settle(cluster()).state;
    const old = tokens(s)[0]!;
    s = settle(must(s, { verb: "delete", resource: "serviceaccounts", namespace: NS, name: "default" })).state;
    expect(get(s, "secrets", old.metadata.name!)).toBeUndefined();
    const sa = get(s, "serviceaccounts", "default")!;
    const now = tokens(s);
    expect(now).toHaveLength(1);
    expect(now[0]!.metadata.annotations!["kubernetes.io/service-account.uid"]).toBe(sa.metadata.uid);
    expect(sa.secrets).toEqual([{ name: now[0]!.metadata.name }]);
  });

  it("replaces a deleted token: the reference is dropped and a new token made", () => {
    let s = settle(cluster()).state;
    const old = tokens(s)[0]!;
    s = settle(must(s, { verb: "delete", resource: "secrets", namespace: NS, name: old.metadata.name! })).state;
    const now = tokens(s);
    expect(now).toHaveLength(1);
    expect(now[0]!.metadata.name).not.toBe(old.metadata.name);
    expect(get(s, "serviceaccounts", "default")!.secrets).toEqual([{ name: now[0]!.metadata.name }]);
  });

  it("fills in a token Secret a user creates for an account, and deletes one whose account does not exist", () => {
    let s = settle(must(cluster(), { verb: "create", resource: "serviceaccounts", namespace: NS, object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "builder" } } })).state;
    const builder = get(s, "serviceaccounts", "builder")!;
    s = must(s, { verb: "create", resource: "secrets", namespace: NS, object: { apiVersion: "v1", kind: "Secret", metadata: { name: "builder-extra", annotations: { "kubernetes.io/service-account.name": "builder" } }, type: SERVICE_ACCOUNT_TOKEN_TYPE } });
    s = must(s, { verb: "create", resource: "secrets", namespace: NS, object: { apiVersion: "v1", kind: "Secret", metadata: { name: "orphan", annotations: { "kubernetes.io/service-account.name": "nobody" } }, type: SERVICE_ACCOUNT_TOKEN_TYPE } });
    s = settle(s).state;
    const extra = get(s, "secrets", "builder-extra")!;
    expect(extra.metadata.annotations!["kubernetes.io/service-account.uid"]).toBe(builder.metadata.uid);
    expect((extra.data as any).token).toBe(secretData(generateToken(builder, "builder-extra")));
    expect(get(s, "secrets", "orphan")).toBeUndefined();
  });

  it("does not make a token from a stale view of the account (the live resourceVersion differs)", () => {
    let s = settle(cluster()).state;
    s = must(s, { verb: "create", resource: "serviceaccounts", namespace: NS, object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "ci" } } });
    s = step(s, { type: "informer.sync", component: TOKENS_CONTROLLER_ID, resource: "serviceaccounts" });
    // Someone updates the account before the controller works on it.
    s = must(s, { verb: "patch", resource: "serviceaccounts", namespace: NS, name: "ci", patch: { metadata: { labels: { team: "ci" } } } });
    const r = stepWithEffects(s, { type: "reconcile", component: TOKENS_CONTROLLER_ID });
    expect(r.effects.filter((e) => e.kind === "request").map((e) => e.kind === "request" && `${e.verb} ${e.resource}`)).toEqual(["get serviceaccounts"]);
    s = settle(r.state).state;
    expect(tokens(s).filter((t) => t.metadata.annotations!["kubernetes.io/service-account.name"] === "ci")).toHaveLength(1);
  });

  it("property: at rest every account has exactly one token, referenced by it, and every token has its account", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("create-sa" as const), name: fc.constantFrom("a", "b", "c") }),
      fc.record({ kind: fc.constant("delete-sa" as const), name: fc.constantFrom("a", "b", "default") }),
      fc.record({ kind: fc.constant("delete-token" as const), index: fc.nat(3) }),
      fc.record({ kind: fc.constant("settle" as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 8 }), (ops) => {
        let s = cluster();
        for (const o of ops) {
          if (o.kind === "settle") s = settle(s).state;
          else if (o.kind === "create-sa") s = handle(s, { verb: "create", resource: "serviceaccounts", namespace: NS, object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: o.name } } }).state;
          else if (o.kind === "delete-sa") s = handle(s, { verb: "delete", resource: "serviceaccounts", namespace: NS, name: o.name }).state;
          else {
            const t = tokens(s)[o.index];
            if (t) s = handle(s, { verb: "delete", resource: "secrets", namespace: NS, name: t.metadata.name! }).state;
          }
        }
        s = settle(s).state;
        const accounts = (handle(s, { verb: "list", resource: "serviceaccounts", namespace: NS }).result as any).items as KObject[];
        const all = tokens(s);
        for (const sa of accounts) {
          const mine = all.filter((t) => t.metadata.annotations!["kubernetes.io/service-account.uid"] === sa.metadata.uid);
          expect(mine.map((t) => t.metadata.name), sa.metadata.name).toHaveLength(1);
          expect(sa.secrets).toEqual([{ name: mine[0]!.metadata.name }]);
        }
        for (const t of all) expect(accounts.some((sa) => sa.metadata.uid === t.metadata.annotations!["kubernetes.io/service-account.uid"])).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
