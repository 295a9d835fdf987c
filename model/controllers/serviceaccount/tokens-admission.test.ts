/**
 * ServiceAccount admission (model/apiserver/admission/service-account.ts), unit-tested through an explicit
 * admission chain and end to end through the API server's chain.
 */
import { describe, expect, it } from "vitest";
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { bootstrap } from "../../bootstrap.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus, type Status } from "../../apiserver/status.ts";
import { admit } from "../../apiserver/admission/chain.ts";
import { namespaceLifecycle } from "../../apiserver/admission/namespace-lifecycle.ts";
import { serviceAccountAdmission } from "../../apiserver/admission/service-account.ts";
import { BUILTIN_BY_ID } from "../../apiserver/resources.ts";
import { applyDefaults } from "../../apiserver/defaults.ts";
import { prepareForCreate } from "../../apiserver/strategy.ts";
import { settle } from "../../settle.ts";

const NS = "team-a";
const PODS = BUILTIN_BY_ID.get("pods")!;
const CHAIN = [namespaceLifecycle, serviceAccountAdmission];

const pod = (name: string, spec: Record<string, unknown> = {}, meta: Partial<KObject["metadata"]> = {}): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: NS, ...meta },
  spec: { containers: [{ name: "app", image: "nginx:1.25" }], ...spec },
});

function must(s: State, req: Parameters<typeof handle>[1]): State {
  const r = handle(s, req);
  if (isStatus(r.result)) throw new Error(`${req.verb} ${req.resource}: ${r.result.message}`);
  return r.state;
}

/** The pod as the create path hands it to admission, through the explicit chain. */
function admitPod(s: State, p: KObject) {
  const obj = prepareForCreate(PODS, applyDefaults(p));
  return admit(s, { operation: "CREATE", resource: PODS, namespace: NS, name: p.metadata.name!, object: obj }, CHAIN);
}

const withNamespace = (s: State) => must(s, { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } } });

describe("ServiceAccount admission", () => {
  it("fills spec.serviceAccountName with default", () => {
    const s = settle(withNamespace(bootstrap())).state;
    const r = admitPod(s, pod("web"));
    expect(isStatus(r)).toBe(false);
    expect((r as { object: KObject }).object.spec.serviceAccountName).toBe("default");
  });

  it("refuses a pod while its namespace has no default account yet (403)", () => {
    const s = withNamespace(bootstrap()); // the ServiceAccounts controller has not run
    const r = admitPod(s, pod("early")) as Status;
    expect([r.code, r.message]).toEqual([403, 'pods "early" is forbidden: error looking up service account team-a/default: serviceaccount "default" not found']);
  });

  it("refuses a pod naming an account that does not exist, and admits it once the account exists", () => {
    let s = settle(withNamespace(bootstrap())).state;
    const r = admitPod(s, pod("build", { serviceAccountName: "builder" })) as Status;
    expect(r.message).toBe('pods "build" is forbidden: error looking up service account team-a/builder: serviceaccount "builder" not found');
    s = must(s, { verb: "create", resource: "serviceaccounts", namespace: NS, object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "builder" }, imagePullSecrets: [{ name: "registry" }] } });
    const ok = admitPod(s, pod("build", { serviceAccountName: "builder" })) as { object: KObject };
    expect(ok.object.spec.serviceAccountName).toBe("builder");
    // The account's image pull secrets go to a pod that has none of its own.
    expect(ok.object.spec.imagePullSecrets).toEqual([{ name: "registry" }]);
    const own = admitPod(s, pod("own", { serviceAccountName: "builder", imagePullSecrets: [{ name: "mine" }] })) as { object: KObject };
    expect(own.object.spec.imagePullSecrets).toEqual([{ name: "mine" }]);
  });

  it("leaves mirror pods alone, but they may reference neither accounts nor secrets", () => {
    const s = withNamespace(bootstrap()); // no default account: a mirror pod does not need one
    const mirror = { annotations: { "kubernetes.io/config.mirror": "abc" } };
    const r = admitPod(s, pod("static", {}, mirror)) as { object: KObject };
    expect(r.object.spec.serviceAccountName).toBeUndefined();
    expect((admitPod(s, pod("static", { serviceAccountName: "default" }, mirror)) as Status).message).toBe('pods "static" is forbidden: a mirror pod may not reference service accounts');
    expect((admitPod(s, pod("static", { volumes: [{ name: "s", secret: { secretName: "x" } }] }, mirror)) as Status).message).toBe('pods "static" is forbidden: a mirror pod may not reference secrets');
  });

  it("ignores everything but pod creates", () => {
    const s = withNamespace(bootstrap());
    const cm: KObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: NS } };
    expect(admit(s, { operation: "CREATE", resource: BUILTIN_BY_ID.get("configmaps")!, namespace: NS, name: "c", object: cm }, CHAIN)).toEqual({ object: cm, state: s });
    const p = prepareForCreate(PODS, applyDefaults(pod("x")));
    expect(isStatus(admit(s, { operation: "UPDATE", resource: PODS, namespace: NS, name: "x", object: p, oldObject: p }, CHAIN))).toBe(false);
  });
});

describe("ServiceAccount admission in the API server's chain", () => {
  it("stores pods with the default account, and refuses them in a namespace the controller has not reached", () => {
    let s = withNamespace(bootstrap());
    const early = handle(s, { verb: "create", resource: "pods", namespace: NS, object: pod("early") });
    expect(isStatus(early.result) && early.result.code).toBe(403);
    s = settle(s).state;
    const r = handle(s, { verb: "create", resource: "pods", namespace: NS, object: pod("web") });
    expect(isStatus(r.result)).toBe(false);
    expect((r.result as KObject).spec.serviceAccountName).toBe("default");
  });
});
