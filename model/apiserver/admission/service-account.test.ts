/**
 * ServiceAccount admission in the API server's chain (plugin/pkg/admission/serviceaccount/admission.go): the
 * default account, the projected token volume and its mounts, automountServiceAccountToken, mountable-secret
 * enforcement, mirror pods, and the bootstrap accounts that let pods be created right after bootstrap().
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { bootstrap, SYSTEM_NAMESPACES } from "../../bootstrap.ts";
import { handle } from "../handle.ts";
import { isStatus, type Status } from "../status.ts";
import { settle } from "../../settle.ts";
import { admissionChainOf } from "./chain.ts";
import { DEFAULT_CLUSTER_CONFIG } from "../../config.ts";
import { DEFAULT_API_TOKEN_MOUNT_PATH, tokenVolumeSource } from "./service-account.ts";

const NS = "team-a";

const podIn = (namespace: string, name: string, spec: Record<string, unknown> = {}, meta: Partial<KObject["metadata"]> = {}): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace, ...meta },
  spec: { containers: [{ name: "app", image: "nginx:1.25" }], ...spec },
});
const pod = (name: string, spec: Record<string, unknown> = {}, meta: Partial<KObject["metadata"]> = {}) => podIn(NS, name, spec, meta);

function must(s: State, req: Parameters<typeof handle>[1]): State {
  const r = handle(s, req);
  if (isStatus(r.result)) throw new Error(`${req.verb} ${req.resource}: ${r.result.message}`);
  return r.state;
}

function created(s: State, p: KObject): KObject {
  const r = handle(s, { verb: "create", resource: "pods", namespace: p.metadata.namespace!, object: p });
  if (isStatus(r.result)) throw new Error(`create pod: ${r.result.message}`);
  return r.result;
}

function refusal(s: State, p: KObject): Status {
  const r = handle(s, { verb: "create", resource: "pods", namespace: p.metadata.namespace!, object: p });
  if (!isStatus(r.result)) throw new Error("the pod was admitted");
  expect(r.state.store).toBe(s.store);
  return r.result;
}

const account = (name: string, extra: Record<string, unknown> = {}, annotations?: Record<string, string>): KObject => ({
  apiVersion: "v1",
  kind: "ServiceAccount",
  metadata: { name, ...(annotations ? { annotations } : {}) },
  ...extra,
});

/** A cluster with namespace team-a and its default account (as the ServiceAccounts controller makes it). */
function teamA(): State {
  const s = must(bootstrap(), { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } } });
  return must(s, { verb: "create", resource: "serviceaccounts", namespace: NS, object: account("default") });
}

const tokenVolumes = (p: KObject): any[] => (p.spec.volumes ?? []).filter((v: any) => v.name.startsWith("kube-api-access-"));
const tokenMounts = (c: any): any[] => (c.volumeMounts ?? []).filter((m: any) => m.mountPath === DEFAULT_API_TOKEN_MOUNT_PATH);

describe("ServiceAccount admission: the default account and the token volume", () => {
  it("is in the chain after NamespaceLifecycle and before DefaultTolerationSeconds and ResourceQuota", () => {
    expect(admissionChainOf(DEFAULT_CLUSTER_CONFIG).map((p) => p.name)).toEqual(["NamespaceLifecycle", "ServiceAccount", "Priority", "DefaultTolerationSeconds", "StorageObjectInUseProtection", "PersistentVolumeClaimResize", "ResourceQuota"]);
  });

  it("bootstrap creates the default account of every system namespace, so pods can be created at once", () => {
    const s = bootstrap();
    for (const ns of SYSTEM_NAMESPACES) expect(isStatus(handle(s, { verb: "get", resource: "serviceaccounts", namespace: ns, name: "default" }).result), ns).toBe(false);
    const p = created(s, podIn("default", "web"));
    expect(p.spec.serviceAccountName).toBe("default");
  });

  it("mounts the projected kube-api-access volume read-only in every init and regular container", () => {
    const p = created(teamA(), pod("web", { initContainers: [{ name: "init", image: "busybox" }], containers: [{ name: "a", image: "nginx" }, { name: "b", image: "redis" }] }));
    const [vol, ...more] = tokenVolumes(p);
    expect(more).toEqual([]);
    expect(vol.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(vol).toEqual({ name: vol.name, projected: tokenVolumeSource() });
    expect(vol.projected).toEqual({
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
      ],
      defaultMode: 420,
    });
    for (const c of [...p.spec.initContainers, ...p.spec.containers]) {
      expect(c.volumeMounts, c.name).toEqual([{ name: vol.name, readOnly: true, mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" }]);
    }
  });

  it("gives each pod its own volume name, the same in every run", () => {
    const s = teamA();
    const a = tokenVolumes(created(s, pod("a")))[0].name;
    const b = tokenVolumes(created(must(s, { verb: "create", resource: "configmaps", namespace: NS, object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } } }), pod("a")))[0].name;
    expect(a).not.toBe(b);
    expect(tokenVolumes(created(teamA(), pod("a")))[0].name).toBe(a);
  });

  it("keeps a container's own mount at the token path, and reuses an existing kube-api-access volume", () => {
    const own = { name: "mine", mountPath: DEFAULT_API_TOKEN_MOUNT_PATH };
    const p = created(teamA(), pod("web", {
      volumes: [{ name: "mine", emptyDir: {} }, { name: "kube-api-access-zzzzz", emptyDir: {} }],
      containers: [{ name: "a", image: "nginx", volumeMounts: [own] }, { name: "b", image: "nginx" }],
    }));
    expect(p.spec.volumes).toEqual([{ name: "mine", emptyDir: {} }, { name: "kube-api-access-zzzzz", emptyDir: {} }]);
    expect(p.spec.containers[0].volumeMounts).toEqual([own]);
    expect(p.spec.containers[1].volumeMounts).toEqual([{ name: "kube-api-access-zzzzz", readOnly: true, mountPath: DEFAULT_API_TOKEN_MOUNT_PATH }]);
    // Every container has its own mount at the path: no volume is added.
    const q = created(teamA(), pod("own", { volumes: [{ name: "mine", emptyDir: {} }], containers: [{ name: "a", image: "nginx", volumeMounts: [own] }] }));
    expect(q.spec.volumes).toEqual([{ name: "mine", emptyDir: {} }]);
  });

  it("mounts nothing when automountServiceAccountToken is false — the pod's choice wins over the account's", () => {
    let s = teamA();
    const off = created(s, pod("off", { automountServiceAccountToken: false }));
    expect([off.spec.volumes, off.spec.containers[0].volumeMounts, off.spec.serviceAccountName]).toEqual([undefined, undefined, "default"]);
    s = must(s, { verb: "create", resource: "serviceaccounts", namespace: NS, object: account("quiet", { automountServiceAccountToken: false }) });
    expect(created(s, pod("q", { serviceAccountName: "quiet" })).spec.volumes).toBeUndefined();
    const on = created(s, pod("on", { serviceAccountName: "quiet", automountServiceAccountToken: true }));
    expect(tokenVolumes(on)).toHaveLength(1);
  });

  it("copies the account's imagePullSecrets to a pod without its own", () => {
    let s = teamA();
    s = must(s, { verb: "create", resource: "serviceaccounts", namespace: NS, object: account("builder", { imagePullSecrets: [{ name: "registry" }] }) });
    expect(created(s, pod("a", { serviceAccountName: "builder" })).spec.imagePullSecrets).toEqual([{ name: "registry" }]);
    expect(created(s, pod("b", { serviceAccountName: "builder", imagePullSecrets: [{ name: "mine" }] })).spec.imagePullSecrets).toEqual([{ name: "mine" }]);
  });
});

describe("ServiceAccount admission: refusals", () => {
  it("refuses a pod whose account does not exist (403, as Kubernetes words it)", () => {
    const st = refusal(teamA(), pod("build", { serviceAccountName: "builder" }));
    expect([st.code, st.reason, st.message]).toEqual([403, "Forbidden", 'pods "build" is forbidden: error looking up service account team-a/builder: serviceaccount "builder" not found']);
  });

  it("refuses a pod created in the same instant as its namespace, and admits it once the controller ran", () => {
    let s = must(bootstrap(), { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } } });
    expect(refusal(s, pod("early")).message).toBe('pods "early" is forbidden: error looking up service account team-a/default: serviceaccount "default" not found');
    s = settle(s).state;
    expect(created(s, pod("later")).spec.serviceAccountName).toBe("default");
  });

  it("leaves a missing or Terminating namespace to NamespaceLifecycle, which answers first", () => {
    expect(refusal(bootstrap(), podIn("ghost", "p")).code).toBe(404);
    const s = must(teamA(), { verb: "delete", resource: "namespaces", name: NS });
    expect(refusal(s, pod("late")).message).toBe('pods "late" is forbidden: unable to create new content in namespace team-a because it is being terminated');
  });

  it("enforces mountable secrets for an account annotated kubernetes.io/enforce-mountable-secrets=true", () => {
    let s = teamA();
    const annotations = { "kubernetes.io/enforce-mountable-secrets": "true" };
    s = must(s, { verb: "create", resource: "serviceaccounts", namespace: NS, object: account("strict", { secrets: [{ name: "allowed" }], imagePullSecrets: [{ name: "reg" }] }, annotations) });
    const strict = (name: string, spec: Record<string, unknown>) => pod(name, { serviceAccountName: "strict", ...spec });
    expect(refusal(s, strict("v", { volumes: [{ name: "s", secret: { secretName: "other" } }] })).message).toBe(
      'pods "v" is forbidden: volume with secret.secretName="other" is not allowed because service account strict does not reference that secret',
    );
    expect(refusal(s, strict("e", { containers: [{ name: "app", image: "nginx", env: [{ name: "PW", valueFrom: { secretKeyRef: { name: "other", key: "pw" } } }] }] })).message).toBe(
      'pods "e" is forbidden: container app with envVar PW referencing secret.secretName="other" is not allowed because service account strict does not reference that secret',
    );
    expect(refusal(s, strict("i", { initContainers: [{ name: "init", image: "busybox", envFrom: [{ secretRef: { name: "other" } }] }] })).message).toBe(
      'pods "i" is forbidden: init container init with envFrom referencing secret.secretName="other" is not allowed because service account strict does not reference that secret',
    );
    expect(refusal(s, strict("p", { imagePullSecrets: [{ name: "reg" }, { name: "other" }] })).message).toBe(
      'pods "p" is forbidden: imagePullSecrets[1].name="other" is not allowed because service account strict does not reference that imagePullSecret',
    );
    expect(created(s, strict("ok", { volumes: [{ name: "s", secret: { secretName: "allowed" } }] })).spec.imagePullSecrets).toEqual([{ name: "reg" }]);
    // Without the annotation (or with "false") nothing is enforced.
    s = must(s, { verb: "create", resource: "serviceaccounts", namespace: NS, object: account("lax", {}, { "kubernetes.io/enforce-mountable-secrets": "false" }) });
    expect(isStatus(handle(s, { verb: "create", resource: "pods", namespace: NS, object: pod("lax", { serviceAccountName: "lax", volumes: [{ name: "s", secret: { secretName: "other" } }] }) }).result)).toBe(false);
  });
});

describe("ServiceAccount admission: mirror pods", () => {
  const mirror = { annotations: { "kubernetes.io/config.mirror": "abc" } };

  it("leaves a mirror pod unchanged and needs no account", () => {
    const s = must(bootstrap(), { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } } });
    const p = created(s, pod("static", {}, mirror));
    expect([p.spec.serviceAccountName, p.spec.volumes, p.spec.containers[0].volumeMounts]).toEqual([undefined, undefined, undefined]);
  });

  it("refuses a mirror pod that names an account, a secret or a token projection", () => {
    const s = teamA();
    const why = (spec: Record<string, unknown>) => refusal(s, pod("static", spec, mirror)).message.replace('pods "static" is forbidden: ', "");
    expect(why({ serviceAccountName: "default" })).toBe("a mirror pod may not reference service accounts");
    expect(why({ volumes: [{ name: "s", secret: { secretName: "x" } }] })).toBe("a mirror pod may not reference secrets");
    expect(why({ imagePullSecrets: [{ name: "x" }] })).toBe("a mirror pod may not reference secrets");
    expect(why({ containers: [{ name: "app", image: "nginx", envFrom: [{ secretRef: { name: "x" } }] }] })).toBe("a mirror pod may not reference secrets");
    expect(why({ volumes: [{ name: "t", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }] })).toBe("a mirror pod may not use ServiceAccountToken volume projections");
  });
});

describe("ServiceAccount admission: properties", () => {
  const containerArb = (prefix: string) =>
    fc.record({ mounted: fc.boolean(), n: fc.nat(3) }).map(({ mounted, n }) => ({
      name: `${prefix}${n}`,
      image: "nginx",
      ...(mounted ? { volumeMounts: [{ name: "own", mountPath: DEFAULT_API_TOKEN_MOUNT_PATH }] } : {}),
    }));

  it("every container ends with exactly one mount at the token path; the token volume exists iff one of them is the admission's", () =>
    fc.assert(
      fc.property(
        fc.uniqueArray(containerArb("c"), { minLength: 1, maxLength: 4, selector: (c) => c.name }),
        fc.uniqueArray(containerArb("i"), { maxLength: 2, selector: (c) => c.name }),
        fc.option(fc.boolean(), { nil: undefined }),
        (containers, initContainers, automount) => {
          const s = teamA();
          const p = created(s, pod("p", {
            containers,
            ...(initContainers.length ? { initContainers } : {}),
            volumes: [{ name: "own", emptyDir: {} }],
            ...(automount !== undefined ? { automountServiceAccountToken: automount } : {}),
          }));
          const all = [...(p.spec.initContainers ?? []), ...p.spec.containers];
          const mounts = automount !== false;
          for (const c of all) expect(tokenMounts(c).length).toBe(mounts || c.volumeMounts?.length ? 1 : 0);
          const added = mounts && [...initContainers, ...containers].some((c) => !c.volumeMounts);
          expect(tokenVolumes(p).length).toBe(added ? 1 : 0);
          expect(p.spec.serviceAccountName).toBe("default");
        },
      ),
      { numRuns: 60 },
    ));
});
