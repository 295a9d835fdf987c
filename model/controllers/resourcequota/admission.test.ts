import { describe, expect, it } from "vitest";
import type { State } from "../../state.ts";
import { settle } from "../../settle.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus } from "../../apiserver/status.ts";
import { NS, charged, createCharged, must, pod, quota, quotaCluster, refused, storedQuota } from "./quota.test-support.ts";

/** A cluster with quota `q` observed by the controller (status.hard and zero usage set). */
function withQuota(q: ReturnType<typeof quota>): State {
  return settle(must(quotaCluster(), { verb: "create", resource: "resourcequotas", namespace: NS, object: q })).state;
}

const COMPUTE = quota("compute", { pods: "2", "requests.cpu": "1", "requests.memory": "1Gi" });

describe("ResourceQuota admission", () => {
  it("charges an admitted pod to status.used before the pod is stored", () => {
    let s = withQuota(COMPUTE);
    expect(storedQuota(s, "compute").status).toEqual({
      hard: { pods: "2", "requests.cpu": "1", "requests.memory": "1Gi" },
      used: { pods: "0", "requests.cpu": "0", "requests.memory": "0" },
    });
    s = charged(s, "pods", pod("p1"));
    expect(storedQuota(s, "compute").status.used).toEqual({ pods: "1", "requests.cpu": "100m", "requests.memory": "64Mi" });
    s = charged(s, "pods", pod("p2", { cpu: "250m", memory: "128Mi" }));
    expect(storedQuota(s, "compute").status.used).toEqual({ pods: "2", "requests.cpu": "350m", "requests.memory": "192Mi" });
  });

  it("refuses the pod that would exceed the quota with 403 naming the quota, and charges nothing", () => {
    let s = charged(charged(withQuota(COMPUTE), "pods", pod("p1")), "pods", pod("p2"));
    const st = refused(s, "pods", pod("p3"));
    expect(st.code).toBe(403);
    expect(st.reason).toBe("Forbidden");
    expect(st.message).toBe('pods "p3" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2');
    expect(storedQuota(s, "compute").status.used.pods).toBe("2");
    expect(isStatus(handle(s, { verb: "get", resource: "pods", namespace: NS, name: "p3" }).result)).toBe(true);
  });

  it("names every exceeded resource, sorted", () => {
    const s = withQuota(quota("compute", { pods: "5", "requests.cpu": "150m", "requests.memory": "100Mi" }));
    expect(refused(s, "pods", pod("big", { cpu: "200m", memory: "128Mi" })).message).toBe(
      'pods "big" is forbidden: exceeded quota: compute, requested: requests.cpu=200m,requests.memory=128Mi, used: requests.cpu=0,requests.memory=0, limited: requests.cpu=150m,requests.memory=100Mi',
    );
  });

  it("requires every container to declare what a quota tracks of cpu and memory", () => {
    const s = withQuota(quota("limits", { "limits.cpu": "2", "requests.memory": "1Gi" }));
    expect(refused(s, "pods", pod("nolimits", { cpu: "100m" })).message).toBe(
      'pods "nolimits" is forbidden: failed quota: limits: must specify limits.cpu for: app; requests.memory for: app',
    );
    // limits alone default the requests (SetDefaults_ResourceList), which satisfies both.
    expect(storedQuota(charged(s, "pods", pod("ok", {}, { cpu: "500m", memory: "128Mi" })), "limits").status.used).toEqual({ "limits.cpu": "500m", "requests.memory": "128Mi" });
  });

  it("ignores a quota the controller has not observed, and refuses against one without usage (status unknown)", () => {
    let s = must(quotaCluster({ controller: false }), { verb: "create", resource: "resourcequotas", namespace: NS, object: quota("compute", { pods: "1" }) });
    // No status.hard yet: the quota covers nothing (generic.Matches reads status.hard), the pod passes uncharged.
    s = charged(s, "pods", pod("early"));
    expect(storedQuota(s, "compute").status).toBeUndefined();
    s = must(s, { verb: "update", resource: "resourcequotas", namespace: NS, name: "compute", subresource: "status", object: { ...storedQuota(s, "compute"), status: { hard: { pods: "1" } } } });
    expect(refused(s, "pods", pod("late")).message).toBe('pods "late" is forbidden: status unknown for quota: compute, resources: pods');
  });

  it("counts objects of any resource with count/<resource> (and the legacy names)", () => {
    // The namespace's kube-root-ca.crt (the root CA publisher's) counts too, as on a real cluster: a limit of 2 leaves room for one.
    let s = withQuota(quota("objects", { "count/configmaps": "2", secrets: "1" }));
    const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: {} });
    s = charged(s, "configmaps", cm("a"));
    expect(refused(s, "configmaps", cm("b")).message).toBe(
      'configmaps "b" is forbidden: exceeded quota: objects, requested: count/configmaps=1, used: count/configmaps=2, limited: count/configmaps=2',
    );
    const secret = (name: string) => ({ apiVersion: "v1", kind: "Secret", metadata: { name }, data: {} });
    s = charged(s, "secrets", secret("x"));
    expect(refused(s, "secrets", secret("y")).message).toBe('secrets "y" is forbidden: exceeded quota: objects, requested: secrets=1, used: secrets=1, limited: secrets=1');
    expect(storedQuota(s, "objects").status.used).toEqual({ "count/configmaps": "2", secrets: "1" });
  });

  it("counts custom resources with count/<plural>.<group>", () => {
    let s = must(quotaCluster(), {
      verb: "create",
      resource: "customresourcedefinitions.apiextensions.k8s.io",
      object: {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: "widgets.example.com" },
        spec: { group: "example.com", scope: "Namespaced", names: { plural: "widgets", kind: "Widget" }, versions: [{ name: "v1", served: true, storage: true }] },
      },
    });
    s = settle(must(s, { verb: "create", resource: "resourcequotas", namespace: NS, object: quota("crs", { "count/widgets.example.com": "1" }) })).state;
    const w = (name: string) => ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name } });
    s = charged(s, "widgets.example.com", w("one"));
    expect(refused(s, "widgets.example.com", w("two")).message).toBe(
      'widgets.example.com "two" is forbidden: exceeded quota: crs, requested: count/widgets.example.com=1, used: count/widgets.example.com=1, limited: count/widgets.example.com=1',
    );
  });

  it("counts services, node ports and load balancers", () => {
    let s = withQuota(quota("svc", { services: "3", "services.nodeports": "1", "services.loadbalancers": "0" }));
    const svc = (name: string, type: string, ports: number) => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name },
      spec: { type, selector: { app: name }, ports: Array.from({ length: ports }, (_, i) => ({ name: `p${i}`, port: 80 + i })) },
    });
    s = charged(s, "services", svc("plain", "ClusterIP", 2));
    expect(refused(s, "services", svc("np", "NodePort", 2)).message).toBe(
      'services "np" is forbidden: exceeded quota: svc, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1',
    );
    expect(refused(s, "services", svc("lb", "LoadBalancer", 1)).message).toBe(
      'services "lb" is forbidden: exceeded quota: svc, requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0',
    );
    s = charged(s, "services", svc("np1", "NodePort", 1));
    expect(storedQuota(s, "svc").status.used).toEqual({ services: "2", "services.loadbalancers": "0", "services.nodeports": "1" });
  });

  it("counts claims and their storage requests", () => {
    const s = withQuota(quota("storage", { persistentvolumeclaims: "2", "requests.storage": "5Gi" }));
    const pvc = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } } };
    expect(refused(s, "persistentvolumeclaims", pvc).message).toBe(
      'persistentvolumeclaims "data" is forbidden: exceeded quota: storage, requested: requests.storage=10Gi, used: requests.storage=0, limited: requests.storage=5Gi',
    );
  });

  it("applies a scoped quota only to the pods in its scope", () => {
    let s = withQuota(quota("besteffort", { pods: "1" }, { scopes: ["BestEffort"] }));
    const bestEffort = (name: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "app", image: "nginx:1.25" }] } });
    s = charged(s, "pods", bestEffort("be1"));
    expect(refused(s, "pods", bestEffort("be2")).message).toBe('pods "be2" is forbidden: exceeded quota: besteffort, requested: pods=1, used: pods=1, limited: pods=1');
    // A pod with requests is Burstable: out of scope, admitted and not charged.
    s = charged(s, "pods", pod("burstable"));
    expect(storedQuota(s, "besteffort").status.used).toEqual({ pods: "1" });
  });

  it("leaves requests in namespaces without quota alone (no write)", () => {
    const s = quotaCluster();
    const r = createCharged(s, "pods", pod("free"));
    expect(isStatus(r.result)).toBe(false);
    expect(r.state.store.revision).toBe(s.store.revision + 1);
  });
});
