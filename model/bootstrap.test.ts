import { describe, expect, it } from "vitest";
import { bootstrap, SYSTEM_NAMESPACES } from "./bootstrap.ts";
import { settle } from "./settle.ts";
import { get, list } from "./apiserver/read.ts";
import { isStatus } from "./apiserver/status.ts";
import type { State } from "./state.ts";
import type { KObject } from "./objects/types.ts";
import { MODEL_ROOT_CA, ROOT_CA_DESCRIPTION } from "./controllers/certificates/root-ca-cert-publisher.ts";
import { serviceAllocatorsOf } from "./apiserver/service/allocator-state.ts";
import { rangeUsed } from "./apiserver/service/range-allocator.ts";

const read = (s: State, resource: string, name: string, namespace?: string): KObject => {
  const r = get(s, resource, namespace, name).result;
  if (isStatus(r)) throw new Error(r.message);
  return r;
};
const names = (s: State, resource: string, namespace?: string): string[] => {
  const r = list(s, resource, namespace).result;
  if (isStatus(r)) throw new Error(r.message);
  return ((r as KObject & { items: KObject[] }).items).map((o) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!));
};

describe("what a fresh cluster holds before any user acts", () => {
  const s = bootstrap();

  it("the four system namespaces, each with its default ServiceAccount and kube-root-ca.crt ConfigMap", () => {
    expect(names(s, "namespaces")).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    expect([...SYSTEM_NAMESPACES].sort()).toEqual(names(s, "namespaces"));
    expect(names(s, "serviceaccounts")).toEqual(["default/default", "kube-node-lease/default", "kube-public/default", "kube-system/default"]);
    expect(names(s, "configmaps")).toEqual(["default/kube-root-ca.crt", "kube-node-lease/kube-root-ca.crt", "kube-public/kube-root-ca.crt", "kube-system/kube-root-ca.crt"]);
    const cm = read(s, "configmaps", "kube-root-ca.crt", "kube-system") as any;
    expect(cm.data).toEqual({ "ca.crt": MODEL_ROOT_CA });
    expect(cm.metadata.annotations).toEqual({ "kubernetes.io/description": ROOT_CA_DESCRIPTION });
  });

  it("the system PriorityClasses of the scheduling post-start hook", () => {
    expect(names(s, "priorityclasses.scheduling.k8s.io")).toEqual(["system-cluster-critical", "system-node-critical"]);
    expect(read(s, "priorityclasses.scheduling.k8s.io", "system-node-critical")).toMatchObject({
      apiVersion: "scheduling.k8s.io/v1",
      value: 2000001000,
      description: "Used for system critical pods that must not be moved from their current node.",
      preemptionPolicy: "PreemptLowerPriority",
    });
    const scc = read(s, "priorityclasses.scheduling.k8s.io", "system-cluster-critical") as any;
    expect(scc).toMatchObject({ value: 2000000000, description: "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.", preemptionPolicy: "PreemptLowerPriority" });
    expect(scc.globalDefault).toBeUndefined();
  });

  it("the kubernetes Service in default, holding the first address of the service CIDR, and its Endpoints", () => {
    expect(names(s, "services")).toEqual(["default/kubernetes"]);
    const svc = read(s, "services", "kubernetes", "default");
    expect(svc.metadata.labels).toEqual({ component: "apiserver", provider: "kubernetes" });
    expect(svc.spec).toEqual({
      type: "ClusterIP",
      clusterIP: "10.96.0.1",
      clusterIPs: ["10.96.0.1"],
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      internalTrafficPolicy: "Cluster",
      sessionAffinity: "None",
      ports: [{ name: "https", protocol: "TCP", port: 443, targetPort: 6443 }],
    });
    expect(svc.spec.selector).toBeUndefined();
    expect([...rangeUsed(serviceAllocatorsOf(s).clusterIPs)]).toEqual([[0, "default/kubernetes"]]);
    const ep = read(s, "endpoints", "kubernetes", "default") as any;
    expect(ep.metadata.labels).toEqual({ "endpointslice.kubernetes.io/skip-mirror": "true" });
    expect(ep.subsets).toEqual([{ addresses: [{ ip: "172.18.0.1" }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] }]);
  });

  it("nothing else: a settled new cluster holds exactly these objects (the controllers' first syncs change nothing)", () => {
    const settled = settle(s).state;
    for (const r of ["namespaces", "serviceaccounts", "configmaps", "services", "endpoints", "priorityclasses.scheduling.k8s.io"]) {
      expect(names(settled, r), r).toEqual(names(s, r));
    }
    // The token controller's Secrets are the only objects the settle adds (one per default account).
    expect(names(settled, "secrets")).toHaveLength(4);
    expect(read(settled, "services", "kubernetes", "default").metadata.resourceVersion).toBe(read(s, "services", "kubernetes", "default").metadata.resourceVersion);
    expect(read(settled, "endpoints", "kubernetes", "default").metadata.resourceVersion).toBe(read(s, "endpoints", "kubernetes", "default").metadata.resourceVersion);
  });
});
