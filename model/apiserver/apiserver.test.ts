import { describe, expect, it } from "vitest";
import { cluster, fails, namespace, ok, pod } from "../../test/helpers.ts";
import { handle } from "./handle.ts";
import { watch } from "./watch.ts";
import { step } from "../step.ts";
import { settle } from "../settle.ts";
import type { KObject } from "../objects/types.ts";

describe("API server: create, get, list", () => {
  it("creates with uid, resourceVersion, creationTimestamp, defaults and a Pending status", () => {
    const { state, obj } = ok(cluster(), { verb: "create", resource: "pods", namespace: "default", object: pod("web-1") });
    expect(obj.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(obj.metadata.resourceVersion).toBe(String(state.store.revision));
    expect(obj.metadata.creationTimestamp).toBe("2026-01-01T00:00:00Z");
    expect(obj.spec.restartPolicy).toBe("Always");
    expect(obj.spec.terminationGracePeriodSeconds).toBe(30);
    expect(obj.spec.containers[0].imagePullPolicy).toBe("IfNotPresent");
    expect(obj.status).toEqual({ phase: "Pending", qosClass: "Burstable" });
    const got = ok(state, { verb: "get", resource: "pods", namespace: "default", name: "web-1" }).obj;
    expect(got).toEqual(obj);
  });

  it("ignores a client-supplied status on create", () => {
    const { obj } = ok(cluster(), { verb: "create", resource: "pods", namespace: "default", object: { ...pod("p"), status: { phase: "Running" } } });
    expect(obj.status.phase).toBe("Pending");
  });

  it("generates names from generateName", () => {
    let s = cluster();
    const names = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const r = ok(s, { verb: "create", resource: "pods", namespace: "default", object: { ...pod(""), metadata: { generateName: "web-" } } });
      s = r.state;
      expect(r.obj.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      names.add(r.obj.metadata.name!);
    }
    expect(names.size).toBe(20);
  });

  it("answers 409 AlreadyExists for a duplicate name and 404 for an unknown resource or object", () => {
    const { state } = ok(cluster(), { verb: "create", resource: "pods", namespace: "default", object: pod("p") });
    const st = fails(state, { verb: "create", resource: "pods", namespace: "default", object: pod("p") }, 409);
    expect(st.reason).toBe("AlreadyExists");
    expect(st.message).toBe('pods "p" already exists');
    expect(fails(state, { verb: "get", resource: "pods", namespace: "default", name: "nope" }, 404).message).toBe('pods "nope" not found');
    expect(fails(state, { verb: "get", resource: "widgets", name: "x" }, 404).reason).toBe("NotFound");
  });

  it("lists by namespace, label selector and the pod field selectors", () => {
    let s = ok(cluster(), { verb: "create", resource: "namespaces", object: namespace("other") }).state;
    // The default account the ServiceAccounts controller would create: ServiceAccount admission requires it for pods.
    s = ok(s, { verb: "create", resource: "serviceaccounts", namespace: "other", object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } } }).state;
    s = ok(s, { verb: "create", resource: "pods", namespace: "default", object: pod("a", {}, { app: "web", tier: "front" }) }).state;
    s = ok(s, { verb: "create", resource: "pods", namespace: "default", object: pod("b", {}, { app: "db" }) }).state;
    s = ok(s, { verb: "create", resource: "pods", namespace: "other", object: { ...pod("c"), spec: { ...pod("c").spec, nodeName: "n1" } } }).state;
    const names = (req: any) => (ok(s, { verb: "list", resource: "pods", ...req }).obj as any).items.map((o: KObject) => o.metadata.name);
    expect(names({})).toEqual(["a", "b", "c"]);
    expect(names({ namespace: "default" })).toEqual(["a", "b"]);
    expect(names({ labelSelector: "app=web" })).toEqual(["a", "c"]);
    expect(names({ labelSelector: "app in (web,db),tier!=front" })).toEqual(["b", "c"]);
    expect(names({ fieldSelector: "spec.nodeName=n1" })).toEqual(["c"]);
    expect(names({ fieldSelector: "spec.nodeName=,metadata.name!=b" })).toEqual(["a"]);
    expect(names({ fieldSelector: "status.phase=Pending" })).toEqual(["a", "b", "c"]);
    expect(fails(s, { verb: "list", resource: "pods", fieldSelector: "spec.bogus=x" }, 400).message).toBe("field label not supported: spec.bogus");
    expect(fails(s, { verb: "list", resource: "pods", labelSelector: "app in (" }, 400).reason).toBe("BadRequest");
  });
});

describe("API server: optimistic concurrency and updates", () => {
  it("an update with a stale resourceVersion gets 409 Conflict and changes nothing", () => {
    const c = ok(cluster(), { verb: "create", resource: "configmaps", namespace: "default", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" }, data: { a: "1" } } });
    const first = ok(c.state, { verb: "update", resource: "configmaps", namespace: "default", name: "cm", object: { ...c.obj, data: { a: "2" } } });
    const st = fails(first.state, { verb: "update", resource: "configmaps", namespace: "default", name: "cm", object: { ...c.obj, data: { a: "3" } } }, 409);
    expect(st.reason).toBe("Conflict");
    expect(st.message).toBe('Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again');
    // Without a resourceVersion the update is unconditional (last write wins).
    const { metadata, ...rest } = c.obj;
    const { resourceVersion: _rv, ...meta } = metadata;
    const forced = ok(first.state, { verb: "update", resource: "configmaps", namespace: "default", name: "cm", object: { ...rest, metadata: meta, data: { a: "4" } } as KObject });
    expect((forced.obj as any).data.a).toBe("4");
  });

  it("bumps generation on spec changes only, and keeps status on main-resource updates", () => {
    const dep = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx:1" }] } } },
    };
    let r = ok(cluster(), { verb: "create", resource: "deployments.apps", namespace: "default", object: dep });
    expect(r.obj.metadata.generation).toBe(1);
    expect(r.obj.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } });
    r = ok(r.state, { verb: "update", resource: "deployments.apps", namespace: "default", name: "web", subresource: "status", object: { ...r.obj, status: { replicas: 2 } } });
    expect(r.obj.metadata.generation).toBe(1);
    expect(r.obj.status).toEqual({ replicas: 2 });
    r = ok(r.state, { verb: "patch", resource: "deployments.apps", namespace: "default", name: "web", patch: { metadata: { labels: { x: "y" } }, status: { replicas: 99 } } });
    expect(r.obj.metadata.generation).toBe(1);
    expect(r.obj.status).toEqual({ replicas: 2 });
    r = ok(r.state, { verb: "patch", resource: "deployments.apps", namespace: "default", name: "web", patch: { spec: { replicas: 5 } } });
    expect(r.obj.metadata.generation).toBe(2);
  });

  it("refuses changes to immutable fields with 422 and field paths", () => {
    const rs = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "rs" },
      spec: { replicas: 1, selector: { matchLabels: { app: "a" } }, template: { metadata: { labels: { app: "a" } }, spec: { containers: [{ name: "c", image: "i" }] } } },
    };
    const r = ok(cluster(), { verb: "create", resource: "replicasets.apps", namespace: "default", object: rs });
    const st = fails(r.state, { verb: "patch", resource: "replicasets.apps", namespace: "default", name: "rs", patch: { spec: { selector: { matchLabels: { app: "b" } }, template: { metadata: { labels: { app: "b" } } } } } }, 422);
    expect(st.details?.causes?.map((c) => c.field)).toContain("spec.selector");
    const p = ok(r.state, { verb: "create", resource: "pods", namespace: "default", object: pod("p") });
    const st2 = fails(p.state, { verb: "patch", resource: "pods", namespace: "default", name: "p", patch: { spec: { nodeName: "n9" } } }, 422);
    expect(st2.details?.causes?.[0]?.field).toBe("spec");
    expect(ok(p.state, { verb: "set-image", resource: "pods", namespace: "default", name: "p", image: "nginx:2" }).obj.spec.containers[0].image).toBe("nginx:2");
  });
});

describe("API server: a PersistentVolumeClaim's spec after creation (ValidatePersistentVolumeClaimUpdate)", () => {
  const claim = (spec: Record<string, unknown> = {}): KObject => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: "data" },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
  });
  const ref = { resource: "persistentvolumeclaims", namespace: "default", name: "data" } as const;
  const created = (spec?: Record<string, unknown>) => ok(cluster(), { verb: "create", resource: "persistentvolumeclaims", namespace: "default", object: claim(spec) }).state;
  const bindStatus = (s: ReturnType<typeof created>) => ok(s, { verb: "patch", ...ref, subresource: "status", patch: { status: { phase: "Bound" } } }).state;

  it("lets spec.volumeName be set once, and never re-pointed or cleared", () => {
    const set = ok(created(), { verb: "patch", ...ref, patch: { spec: { volumeName: "pv-1" } } });
    expect(set.obj.spec.volumeName).toBe("pv-1");
    const moved = fails(set.state, { verb: "patch", ...ref, patch: { spec: { volumeName: "pv-2" } } }, 422);
    expect(moved.details?.causes?.[0]).toMatchObject({ field: "spec", type: "FieldValueForbidden" });
    expect(moved.message).toContain("spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
    fails(set.state, { verb: "patch", ...ref, patch: { spec: { volumeName: null } } }, 422);
  });

  it("refuses any other spec change, but not a request written another way", () => {
    const s = created();
    fails(s, { verb: "patch", ...ref, patch: { spec: { accessModes: ["ReadWriteMany"] } } }, 422);
    // A Pending claim's request is as immutable as the rest.
    fails(s, { verb: "patch", ...ref, patch: { spec: { resources: { requests: { storage: "2Gi" } } } } }, 422);
    // 1024Mi is 1Gi: semantically the same spec.
    expect(ok(s, { verb: "patch", ...ref, patch: { spec: { resources: { requests: { storage: "1024Mi" } } } } }).obj.spec.resources.requests.storage).toBe("1024Mi");
  });

  it("validation lets a Bound claim's request grow (expansion) and never shrink; admission then refuses growth, as no StorageClass allows it", () => {
    const s = bindStatus(created({ volumeName: "pv-1" }));
    // PersistentVolumeClaimResize (resize/admission.go): Bound, but its StorageClass cannot be found.
    const grown = fails(s, { verb: "patch", ...ref, patch: { spec: { resources: { requests: { storage: "2Gi" } } } } }, 403);
    expect(grown.message).toBe('persistentvolumeclaims "data" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
    const withoutPlugin = { ...s, config: { ...s.config, admission: s.config.admission.filter((p) => p.name !== "PersistentVolumeClaimResize") } };
    expect(ok(withoutPlugin, { verb: "patch", ...ref, patch: { spec: { resources: { requests: { storage: "2Gi" } } } } }).obj.spec.resources.requests.storage).toBe("2Gi");
    const st = fails(s, { verb: "patch", ...ref, patch: { spec: { resources: { requests: { storage: "512Mi" } } } } }, 422);
    expect(st.details?.causes?.map((c) => c.field)).toEqual(["spec.resources.requests.storage"]);
    expect(st.message).toContain("field can not be less than previous value");
  });
});

describe("API server: validation", () => {
  it("answers 422 Invalid with one cause per field error", () => {
    const bad = { apiVersion: "v1", kind: "Pod", metadata: { name: "Bad_Name", labels: { "bad key!": "v" } }, spec: { containers: [{ name: "c" }], restartPolicy: "Sometimes" } };
    const st = fails(cluster(), { verb: "create", resource: "pods", namespace: "default", object: bad }, 422);
    expect(st.reason).toBe("Invalid");
    expect(st.details?.causes?.map((c) => c.field).sort()).toEqual(["metadata.labels", "metadata.name", "spec.containers[0].image", "spec.restartPolicy"]);
    expect(st.message.startsWith('Pod "Bad_Name" is invalid: [')).toBe(true);
  });

  it("validates namespace names as DNS-1123 labels and deployment selectors against template labels", () => {
    expect(fails(cluster(), { verb: "create", resource: "namespaces", object: namespace("foo.bar") }, 422).details?.causes?.[0]?.field).toBe("metadata.name");
    const dep = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "other" } }, spec: { containers: [{ name: "c", image: "i" }] } } },
    };
    const st = fails(cluster(), { verb: "create", resource: "deployments.apps", namespace: "default", object: dep }, 422);
    expect(st.message).toContain("`selector` does not match template `labels`");
  });

  it("limits annotations to 256 KiB in total", () => {
    const big = "x".repeat(256 * 1024);
    const st = fails(cluster(), { verb: "create", resource: "configmaps", namespace: "default", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", annotations: { a: big } } } }, 422);
    expect(st.details?.causes?.[0]?.field).toBe("metadata.annotations");
  });
});

describe("API server: NamespaceLifecycle admission", () => {
  it("refuses creates in a missing namespace (404) and in a Terminating one (403)", () => {
    expect(fails(cluster(), { verb: "create", resource: "pods", namespace: "ghost", object: pod("p") }, 404).message).toBe('namespaces "ghost" not found');
    let s = ok(cluster(), { verb: "create", resource: "namespaces", object: namespace("team") }).state;
    const del = ok(s, { verb: "delete", resource: "namespaces", name: "team" });
    expect(del.obj.status.phase).toBe("Terminating");
    expect(del.obj.metadata.deletionTimestamp).toBeDefined();
    s = del.state;
    const st = fails(s, { verb: "create", resource: "pods", namespace: "team", object: pod("p") }, 403);
    expect(st.message).toBe('pods "p" is forbidden: unable to create new content in namespace team because it is being terminated');
    // Updates and deletes in a Terminating namespace are still allowed; cluster-scoped creates are unaffected.
    ok(s, { verb: "create", resource: "namespaces", object: namespace("fresh") });
  });

  it("never deletes default, kube-system or kube-public", () => {
    for (const ns of ["default", "kube-system", "kube-public"]) {
      expect(fails(cluster(), { verb: "delete", resource: "namespaces", name: ns }, 403).message).toBe(`namespaces "${ns}" is forbidden: this namespace may not be deleted`);
    }
  });

  it("a Terminating namespace goes away once spec and metadata finalizers are empty", () => {
    let s = ok(cluster(), { verb: "create", resource: "namespaces", object: namespace("t") }).state;
    s = ok(s, { verb: "delete", resource: "namespaces", name: "t" }).state;
    const ns = ok(s, { verb: "get", resource: "namespaces", name: "t" }).obj;
    s = ok(s, { verb: "update", resource: "namespaces", name: "t", subresource: "finalize" as any, object: { ...ns, spec: { finalizers: [] } } }).state;
    fails(s, { verb: "get", resource: "namespaces", name: "t" }, 404);
  });
});

describe("API server: deletion", () => {
  it("deletes a scheduled pod gracefully and a pending one at once", () => {
    let s = ok(cluster(), { verb: "create", resource: "pods", namespace: "default", object: { ...pod("bound"), spec: { ...pod("x").spec, nodeName: "n1" } } }).state;
    s = ok(s, { verb: "create", resource: "pods", namespace: "default", object: pod("pending") }).state;
    const d = ok(s, { verb: "delete", resource: "pods", namespace: "default", name: "bound" });
    expect(d.obj.metadata.deletionTimestamp).toBe("2026-01-01T00:00:30Z");
    expect(d.obj.metadata.deletionGracePeriodSeconds).toBe(30);
    s = d.state;
    ok(s, { verb: "get", resource: "pods", namespace: "default", name: "bound" });
    s = ok(s, { verb: "delete", resource: "pods", namespace: "default", name: "bound", gracePeriodSeconds: 0 }).state;
    fails(s, { verb: "get", resource: "pods", namespace: "default", name: "bound" }, 404);
    s = ok(s, { verb: "delete", resource: "pods", namespace: "default", name: "pending" }).state;
    fails(s, { verb: "get", resource: "pods", namespace: "default", name: "pending" }, 404);
  });

  it("keeps an object with finalizers until they are removed, and honours propagationPolicy", () => {
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", finalizers: ["example.com/hold"] } };
    let s = ok(cluster(), { verb: "create", resource: "configmaps", namespace: "default", object: cm }).state;
    const d = ok(s, { verb: "delete", resource: "configmaps", namespace: "default", name: "cm", propagationPolicy: "Foreground" });
    expect(d.obj.metadata.finalizers).toEqual(["example.com/hold", "foregroundDeletion"]);
    s = d.state;
    // No new finalizers on an object being deleted.
    fails(s, { verb: "patch", resource: "configmaps", namespace: "default", name: "cm", patch: { metadata: { finalizers: ["example.com/hold", "foregroundDeletion", "more"] } } }, 422);
    s = ok(s, { verb: "patch", resource: "configmaps", namespace: "default", name: "cm", patch: { metadata: { finalizers: ["foregroundDeletion"] } } }).state;
    ok(s, { verb: "get", resource: "configmaps", namespace: "default", name: "cm" });
    s = ok(s, { verb: "patch", resource: "configmaps", namespace: "default", name: "cm", patch: { metadata: { finalizers: null } } }).state;
    fails(s, { verb: "get", resource: "configmaps", namespace: "default", name: "cm" }, 404);
    const o = ok(cluster(), { verb: "create", resource: "configmaps", namespace: "default", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } } });
    expect(ok(o.state, { verb: "delete", resource: "configmaps", namespace: "default", name: "x", propagationPolicy: "Orphan" }).obj.metadata.finalizers).toEqual(["orphan"]);
  });

  it("checks uid and resourceVersion preconditions", () => {
    const c = ok(cluster(), { verb: "create", resource: "configmaps", namespace: "default", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" } } });
    expect(fails(c.state, { verb: "delete", resource: "configmaps", namespace: "default", name: "cm", preconditions: { uid: "other" } }, 409).message).toContain("Precondition failed: UID in precondition: other");
    fails(c.state, { verb: "delete", resource: "configmaps", namespace: "default", name: "cm", preconditions: { resourceVersion: "1" } }, 409);
    ok(c.state, { verb: "delete", resource: "configmaps", namespace: "default", name: "cm", preconditions: { uid: c.obj.metadata.uid! } });
  });
});

describe("API server: watch", () => {
  it("delivers ADDED, MODIFIED and DELETED after a resourceVersion, and selector transitions as ADDED/DELETED", () => {
    let s = cluster();
    const since = s.store.revision;
    s = ok(s, { verb: "create", resource: "pods", namespace: "default", object: pod("a", {}, { app: "web" }) }).state;
    s = ok(s, { verb: "patch", resource: "pods", namespace: "default", name: "a", patch: { metadata: { labels: { app: "db" } } } }).state;
    s = ok(s, { verb: "patch", resource: "pods", namespace: "default", name: "a", patch: { metadata: { labels: { app: "web" } } } }).state;
    s = ok(s, { verb: "delete", resource: "pods", namespace: "default", name: "a" }).state;
    const all = watch(s, "pods", since);
    expect(all.ok && all.events.map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "MODIFIED", "DELETED"]);
    const web = watch(s, "pods", since, { labelSelector: "app=web" });
    expect(web.ok && web.events.map((e) => e.type)).toEqual(["ADDED", "DELETED", "ADDED", "DELETED"]);
    expect(all.ok && all.revision).toBe(s.store.revision);
  });

  it("answers 410 Gone after compaction, and a list still works", () => {
    let s = cluster();
    const since = s.store.revision;
    for (let i = 0; i < 3; i++) s = ok(s, { verb: "create", resource: "pods", namespace: "default", object: pod(`p${i}`) }).state;
    s = step(s, { type: "store.compact" });
    const w = watch(s, "pods", since);
    expect(w.ok).toBe(false);
    if (!w.ok) {
      expect(w.status.code).toBe(410);
      expect(w.status.message).toBe(`too old resource version: ${since} (${s.store.revision})`);
    }
    const l = handle(s, { verb: "list", resource: "pods" });
    expect((l.result as any).items).toHaveLength(3);
  });
});

describe("API server: CustomResourceDefinitions", () => {
  it("serves a CRD's resource while the CRD exists", () => {
    const crd = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "widgets.example.com" },
      spec: { group: "example.com", scope: "Namespaced", names: { plural: "widgets", kind: "Widget" }, versions: [{ name: "v1", served: true, storage: true }] },
    };
    const widget = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w1" }, spec: { size: 3 } };
    fails(cluster(), { verb: "create", resource: "widgets.example.com", namespace: "default", object: widget }, 404);
    let s = ok(cluster(), { verb: "create", resource: "customresourcedefinitions.apiextensions.k8s.io", object: crd }).state;
    const w = ok(s, { verb: "create", resource: "widgets.example.com", namespace: "default", object: widget });
    expect(w.obj.metadata.generation).toBe(1);
    // Deleting the CRD marks it (cleanup finalizer); the CRD cleanup controller deletes its resources, then it goes.
    s = ok(w.state, { verb: "delete", resource: "customresourcedefinitions.apiextensions.k8s.io", name: "widgets.example.com" }).state;
    expect(ok(s, { verb: "get", resource: "customresourcedefinitions.apiextensions.k8s.io", name: "widgets.example.com" }).obj.metadata.finalizers).toContain("customresourcecleanup.apiextensions.k8s.io");
    s = settle(s).state;
    fails(s, { verb: "get", resource: "customresourcedefinitions.apiextensions.k8s.io", name: "widgets.example.com" }, 404);
    fails(s, { verb: "get", resource: "widgets.example.com", namespace: "default", name: "w1" }, 404);
  });
});
