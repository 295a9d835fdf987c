import type { Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { Scope } from "./types.ts";
import { node, user } from "./common.ts";
import { btreeGet } from "../../model/collections/btree.ts";
import { componentActions } from "../../model/enabled.ts";
import type { Runtime } from "../../model/components/kinds.ts";
import { storeGet } from "../../model/store/store.ts";
import { ENDPOINTS_CONTROLLER_ID } from "../../model/controllers/endpoint/controller.ts";

const SELECTOR = { app: "web" };

const service = (name: string, type: string): KObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: "default" },
  spec: { type, selector: SELECTOR, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
});

/** The Endpoints the previous kube-controller-manager wrote for a Service (its pods are not running yet). */
const endpoints = (name: string): KObject => ({ apiVersion: "v1", kind: "Endpoints", metadata: { name, namespace: "default" } });

const webPod: KObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web-0", namespace: "default", labels: SELECTOR },
  spec: { nodeName: "node-1", containers: [{ name: "app", image: "nginx:1.25", ports: [{ name: "http", containerPort: 8080 }] }] },
};

/**
 * The endpoints controller's next steps while its Service informer has not listed yet (a slow first list: the
 * window in which a controller that does not wait for its caches works from an empty Service cache).
 */
function endpointsSteps(rt: Runtime, state: State): Action[] {
  const c = btreeGet(state.components, ENDPOINTS_CONTROLLER_ID);
  if (!c || c.informers.services?.synced) return [];
  return componentActions(rt, state, c).filter((a) => !(a.type === "informer.sync" && a.resource === "services"));
}

function userOps(state: State): Action[] {
  const out: Action[] = [];
  const pod = storeGet(state.store, "/registry/pods/default/web-0")?.value;
  if (!pod) out.push(user({ verb: "create", resource: "pods", namespace: "default", object: webPod }));
  else if (!pod.metadata.deletionTimestamp) out.push(user({ verb: "delete", resource: "pods", namespace: "default", name: "web-0" }));
  const db = storeGet(state.store, "/registry/services/default/db");
  out.push(db ? user({ verb: "delete", resource: "services", namespace: "default", name: "db" }) : user({ verb: "create", resource: "services", namespace: "default", object: service("db", "ClusterIP") }));
  return out;
}

/**
 * kube-controller-manager (re)starting over a cluster whose Services and Endpoints are already in etcd, with a
 * pod behind them: the endpoints controller lists Endpoints and pods while its Service informer is slow to list
 * (kubernetes#30770, #104062). Its next steps are offered as operations while that lasts (each is an enabled
 * action, as lag.ts's), then the user's pod and Service creates and deletes; faults: controller restarts (a new
 * start over the same data), compaction.
 */
export const endpointsRestart: Scope = {
  id: "endpoints-restart",
  description: "Services, their Endpoints and a pod already in etcd while the endpoints controller starts with a slow Service informer; pod and Service creates and deletes; controller restarts, compaction",
  needs: ["endpoint-controller", "kubelet"],
  nodes: [node("node-1")],
  objects: [service("web", "ClusterIP"), service("web-np", "NodePort"), endpoints("web"), endpoints("web-np"), webPod],
  ops(state, rt) {
    const steps = endpointsSteps(rt, state);
    return steps.length > 0 ? steps : userOps(state);
  },
  faults(state, rt) {
    return [...endpointsSteps(rt, state), ...userOps(state), { type: "component.restart", component: ENDPOINTS_CONTROLLER_ID }, { type: "store.compact" }];
  },
  runs: 30,
  maxFaults: 2,
  settleTime: 40,
};
