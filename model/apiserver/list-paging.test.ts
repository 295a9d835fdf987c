import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cluster, fails, namespace, ok } from "../../test/helpers.ts";
import { handle } from "./handle.ts";
import { step } from "../step.ts";
import { decodeContinue } from "./continue.ts";
import { INCONSISTENT_CONTINUE } from "./list-options.ts";
import type { ApiRequest } from "./request.ts";
import type { KObject } from "../objects/types.ts";
import type { State } from "../state.ts";

type ListReq = Extract<ApiRequest, { verb: "list" }>;

const cm = (name: string, labels: Record<string, string> = {}): KObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels } });

/**
 * A cluster with config maps: `names` in default (label app=web when `web` has it), two in ns "other". Each
 * system namespace also holds the bootstrap's kube-root-ca.crt (four in all; "other" has none until the publisher
 * runs, which these direct requests do not do): default's sorts after the single-letter names.
 */
function withConfigMaps(names: readonly string[], web: ReadonlySet<string> = new Set()): State {
  let s = ok(cluster(), { verb: "create", resource: "namespaces", object: namespace("other") }).state;
  for (const n of names) s = ok(s, { verb: "create", resource: "configmaps", namespace: "default", object: cm(n, web.has(n) ? { app: "web" } : {}) }).state;
  for (const n of ["o1", "o2"]) s = ok(s, { verb: "create", resource: "configmaps", namespace: "other", object: cm(n) }).state;
  return s;
}

const listOf = (s: State, req: Omit<ListReq, "verb" | "resource">) => ok(s, { verb: "list", resource: "configmaps", ...req }).obj as any;
const names = (l: any): string[] => l.items.map((o: KObject) => `${o.metadata.namespace}/${o.metadata.name}`);

/** Every page of a list, following metadata.continue. */
function pages(s: State, req: Omit<ListReq, "verb" | "resource">): any[] {
  const out: any[] = [];
  let token: string | undefined;
  do {
    const l = listOf(s, { ...req, ...(token ? { continue: token } : {}) });
    out.push(l);
    token = l.metadata.continue;
  } while (token && out.length < 100);
  return out;
}

describe("paginated lists (etcd3 GetList)", () => {
  it("pages cover every item exactly once in key order, with continue and remainingItemCount", () => {
    const s = withConfigMaps(["a", "b", "c", "d", "e", "f", "g"]);
    const all = names(listOf(s, {}));
    expect(all).toHaveLength(7 + 4 + 2);
    const ps = pages(s, { limit: 3 });
    expect(ps.map(names)).toEqual([all.slice(0, 3), all.slice(3, 6), all.slice(6, 9), all.slice(9, 12), all.slice(12)]);
    expect(ps.map((p) => p.metadata.remainingItemCount)).toEqual([all.length - 3, all.length - 6, all.length - 9, all.length - 12, undefined]);
    expect(ps[4].metadata.continue).toBeUndefined();
    for (const p of ps) expect(p.metadata.resourceVersion).toBe(String(s.store.revision));
    // The token resumes after the last key returned, at the revision of the first page.
    const t = decodeContinue(ps[0].metadata.continue, "/registry/configmaps/");
    expect(t).toEqual({ ok: true, fromKey: "/registry/configmaps/default/c\0", rv: s.store.revision });
  });

  it("a namespaced list pages within the namespace; a limit of exactly the count has no continue", () => {
    const s = withConfigMaps(["a", "b", "c"]);
    const ns = pages(s, { namespace: "default", limit: 2 });
    expect(ns.map(names)).toEqual([["default/a", "default/b"], ["default/c", "default/kube-root-ca.crt"]]);
    const exact = listOf(s, { namespace: "default", limit: 4 });
    expect(exact.metadata).toEqual({ resourceVersion: String(s.store.revision) });
  });

  it("no limit, a zero or a negative limit list everything without continue (as GetList: paging needs limit > 0)", () => {
    const s = withConfigMaps(["a", "b", "c"]);
    const all = listOf(s, {});
    expect(all.items).toHaveLength(3 + 4 + 2);
    expect(all.metadata).toEqual({ resourceVersion: String(s.store.revision) });
    expect(listOf(s, { limit: 0 })).toEqual(all);
    expect(listOf(s, { limit: -2 })).toEqual(all);
  });

  it("the limit counts matching items with a label selector; no remainingItemCount then", () => {
    const web = new Set(["b", "c", "e", "g"]);
    const s = withConfigMaps(["a", "b", "c", "d", "e", "f", "g", "h"], web);
    const ps = pages(s, { labelSelector: "app=web", limit: 2 });
    expect(ps.map(names)).toEqual([["default/b", "default/c"], ["default/e", "default/g"], []]);
    for (const p of ps) expect(p.metadata.remainingItemCount).toBeUndefined();
    // The second page stops at g with keys left (h, other/*), so it hands a token; the third reads them, none match.
    expect(ps[1].metadata.continue).toBeDefined();
    expect(ps[2].metadata.continue).toBeUndefined();
  });

  it("later pages are read from the current data, and report the first page's revision", () => {
    let s = withConfigMaps(["a", "b", "c", "d"]);
    const first = listOf(s, { namespace: "default", limit: 2 });
    const rev = first.metadata.resourceVersion;
    s = ok(s, { verb: "create", resource: "configmaps", namespace: "default", object: cm("e") }).state;
    s = ok(s, { verb: "delete", resource: "configmaps", namespace: "default", name: "c" }).state;
    const second = listOf(s, { namespace: "default", limit: 5, continue: first.metadata.continue });
    expect(names(second)).toEqual(["default/d", "default/e", "default/kube-root-ca.crt"]);
    expect(second.metadata.resourceVersion).toBe(rev);
  });

  it("a token from before a compaction is 410 Expired, with a token to go on at the latest revision", () => {
    let s = withConfigMaps(["a", "b", "c", "d"]);
    const first = listOf(s, { namespace: "default", limit: 2 });
    s = ok(s, { verb: "create", resource: "configmaps", namespace: "default", object: cm("e") }).state;
    s = step(s, { type: "store.compact" });
    const st = fails(s, { verb: "list", resource: "configmaps", namespace: "default", limit: 2, continue: first.metadata.continue }, 410);
    expect(st.reason).toBe("Expired");
    expect(st.message).toBe(INCONSISTENT_CONTINUE);
    expect(st.message).toBe(
      "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
    );
    const fresh = st.metadata.continue!;
    expect(decodeContinue(fresh, "/registry/configmaps/default/")).toEqual({ ok: true, fromKey: "/registry/configmaps/default/b\0", rv: -1 });
    const rest = listOf(s, { namespace: "default", limit: 10, continue: fresh });
    expect(names(rest)).toEqual(["default/c", "default/d", "default/e", "default/kube-root-ca.crt"]);
    expect(rest.metadata.resourceVersion).toBe(String(s.store.revision));
  });

  it("a list at an exact compacted resourceVersion is 410; a resourceVersion beyond the store's is 504", () => {
    let s = withConfigMaps(["a"]);
    const old = String(s.store.revision - 1);
    s = ok(s, { verb: "create", resource: "configmaps", namespace: "default", object: cm("b") }).state;
    s = step(s, { type: "store.compact" });
    const st = fails(s, { verb: "list", resource: "configmaps", resourceVersion: old, resourceVersionMatch: "Exact" }, 410);
    expect(st.message).toBe("The resourceVersion for the provided list is too old.");
    const future = s.store.revision + 5;
    const tl = fails(s, { verb: "list", resource: "configmaps", resourceVersion: String(future), resourceVersionMatch: "NotOlderThan" }, 504);
    expect(tl.message).toBe(`Timeout: Too large resource version: ${future}, current: ${s.store.revision}`);
    // resourceVersion "0" (any) and the current one are served.
    expect(listOf(s, { resourceVersion: "0" }).items).toHaveLength(2 + 4 + 2);
    expect(listOf(s, { resourceVersion: String(s.store.revision), resourceVersionMatch: "Exact" }).metadata.resourceVersion).toBe(String(s.store.revision));
  });

  it("a garbage token is 400 BadRequest with DecodeContinue's error", () => {
    const s = withConfigMaps(["a", "b"]);
    const st = fails(s, { verb: "list", resource: "configmaps", limit: 1, continue: "garbage!" }, 400);
    expect(st.reason).toBe("BadRequest");
    expect(st.message).toBe("invalid continue token: continue key is not valid: illegal base64 data at input byte 7");
    const traversal = Buffer.from('{"v":"meta.k8s.io/v1","rv":3,"start":"../secrets/x"}').toString("base64url");
    expect(fails(s, { verb: "list", resource: "configmaps", limit: 1, continue: traversal }, 400).message).toBe("invalid continue token: continue key is not valid: ../secrets/x");
    const token = listOf(s, { limit: 1 }).metadata.continue;
    expect(fails(s, { verb: "list", resource: "configmaps", limit: 1, continue: token, resourceVersion: "3" }, 400).message).toBe(
      "specifying resource version is not allowed when using continue",
    );
  });

  it("resourceVersionMatch is validated as ValidateListOptions does (422 ListOptions)", () => {
    const s = withConfigMaps(["a"]);
    const st = fails(s, { verb: "list", resource: "configmaps", resourceVersionMatch: "Exact" }, 422);
    expect(st.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
    expect(fails(s, { verb: "list", resource: "configmaps", resourceVersion: "0", resourceVersionMatch: "Exact" }, 422).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
    );
    expect(fails(s, { verb: "list", resource: "configmaps", resourceVersion: "x" }, 400).message).toBe(
      'invalid resource version: resourceVersion: Invalid value: "x": strconv.ParseUint: parsing "x": invalid syntax',
    );
  });

  it("paging follows a field selector and the pod-by-node index too", () => {
    let s = cluster();
    const pod = (name: string, nodeName: string): KObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { nodeName, containers: [{ name: "c", image: "nginx" }] } });
    for (const [n, node] of [["p1", "n1"], ["p2", "n2"], ["p3", "n1"], ["p4", "n1"]] as const) s = ok(s, { verb: "create", resource: "pods", namespace: "default", object: pod(n, node) }).state;
    const req = { fieldSelector: "spec.nodeName=n1", limit: 2 };
    const ps: any[] = [];
    let token: string | undefined;
    do {
      const l = ok(s, { verb: "list", resource: "pods", ...req, ...(token ? { continue: token } : {}) }).obj as any;
      ps.push(l);
      token = l.metadata.continue;
    } while (token && ps.length < 10);
    expect(ps.map((p) => p.items.map((o: KObject) => o.metadata.name))).toEqual([["p1", "p3"], ["p4"]]);
  });

  it("for any objects and any limit >= 1, concatenating the pages gives the unpaged list", () =>
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,3}$/), { maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 1, max: 14 }),
        fc.constantFrom(undefined, "app=web", "app!=web"),
        fc.constantFrom(undefined, "default"),
        (ns, webFlags, limit, labelSelector, namespace) => {
          const s = withConfigMaps(ns, new Set(ns.filter((_, i) => webFlags[i])));
          const sel = { ...(labelSelector ? { labelSelector } : {}), ...(namespace ? { namespace } : {}) };
          const whole = listOf(s, sel);
          const ps = pages(s, { ...sel, limit });
          expect(ps.flatMap((p) => p.items)).toEqual(whole.items);
          for (const p of ps) expect(p.items.length).toBeLessThanOrEqual(limit);
          // Every page but the last is full: the limit counts matches, not keys read.
          for (const p of ps.slice(0, -1)) expect(p.items).toHaveLength(limit);
        },
      ),
      { numRuns: 60 },
    ));

  it("handle() keeps list answers of callers without paging options unchanged", () => {
    const s = withConfigMaps(["a", "b"]);
    const r = handle(s, { verb: "list", resource: "configmaps", namespace: "default" });
    expect(r.state).toBe(s);
    expect((r.result as any).metadata).toEqual({ resourceVersion: String(s.store.revision) });
    expect((r.result as any).items.map((o: KObject) => o.metadata.name)).toEqual(["a", "b", "kube-root-ca.crt"]);
  });
});
