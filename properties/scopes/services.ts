import type { Action } from "../../model/actions.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { Scope } from "./types.ts";
import type { State } from "../../model/state.ts";
import { node, user } from "./common.ts";
import { isPodReady } from "../../model/controllers/endpoint/pod-endpoints.ts";
import { storeGet } from "../../model/store/store.ts";
import { btreeRange } from "../../model/collections/btree.ts";

const SELECTOR = { app: "web" };

/** A bare pod of the Services' backend, bound to its node (the kubelet runs it at once). */
const webPod = (name: string, nodeName: string): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", labels: SELECTOR },
  spec: { nodeName, containers: [{ name: "app", image: "nginx:1.25", ports: [{ name: "http", containerPort: 8080 }] }] },
});

const service = (name: string, type: string, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: "default" },
  spec: { type, selector: SELECTOR, ports: [{ name: "http", port: 80, targetPort: 8080 }], ...extra },
});

const WEB_PODS: readonly (readonly [string, string])[] = [
  ["web-0", "node-1"],
  ["web-1", "node-2"],
];

/** Services the user creates and deletes during a run (ClusterIPs and NodePorts come and go). */
const EXTRA_SERVICES: readonly KObject[] = [service("api", "LoadBalancer"), service("db", "ClusterIP"), service("web-hl", "ClusterIP", { clusterIP: "None" })];

/** The components of the services path whose restarts are the scope's faults. */
const RESTARTABLE = /^(kube-controller-manager\/(endpoint|service)|kube-apiserver\/service-allocator-repair|kube-proxy\/.*)$/;

/**
 * Services of each type in front of two pods on two nodes: readiness flips, pod deletions and re-creations,
 * Services created and deleted (ClusterIPs and NodePorts allocated and released), the allocator repair loop,
 * the endpoints and service controllers, kube-proxy; restarts of those components and etcd compaction.
 */
const scope = {
  id: "services",
  description: "ClusterIP, NodePort, LoadBalancer and headless Services over two pods on 2 nodes: readiness flips, pod deletes and re-creates, Service creates and deletes; the endpoints and service controllers, the allocator repair loop, kube-proxy; their restarts, compaction",
  needs: ["kubelet", "endpoint-controller", "service-allocator-repair"],
  nodes: [node("node-1"), node("node-2")],
  objects: [service("web", "ClusterIP"), service("web-np", "NodePort"), webPod("web-0", "node-1"), webPod("web-1", "node-2")],
  ops(state: State): Action[] {
    const out: Action[] = [];
    for (const [name, nodeName] of WEB_PODS) {
      const p = storeGet(state.store, `/registry/pods/default/${name}`)?.value;
      if (!p) out.push(user({ verb: "create", resource: "pods", namespace: "default", object: webPod(name, nodeName) }));
      else if (!p.metadata.deletionTimestamp) {
        out.push(user({ verb: "delete", resource: "pods", namespace: "default", name }));
        if (p.status?.phase === "Running") out.push({ type: "pod.readiness", namespace: "default", pod: name, ready: !isPodReady(p) });
      }
    }
    for (const svc of EXTRA_SERVICES) {
      const name = svc.metadata.name!;
      const exists = storeGet(state.store, `/registry/services/default/${name}`) !== undefined;
      out.push(exists ? user({ verb: "delete", resource: "services", namespace: "default", name }) : user({ verb: "create", resource: "services", namespace: "default", object: svc }));
    }
    return out;
  },
  faults(state: State): Action[] {
    const out: Action[] = [];
    for (const [id] of btreeRange(state.components)) if (RESTARTABLE.test(id)) out.push({ type: "component.restart", component: id });
    out.push({ type: "store.compact" });
    return out;
  },
  // A run of this scope costs ~0.5 s (two nodes, every component): fewer runs keep the default suite near a minute.
  runs: 25,
  // Starts from the settled cluster (Scope.warmUp): the pods are Ready and
  // in their Services' Endpoints before the first chosen action.
  warmUp: true,
  maxFaults: 2,
  settleTime: 30,
};

export const services: Scope = scope;
