import type { Action } from "../../model/actions.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { Scope } from "./types.ts";
import { componentRestarts, containerCrashes, deployment, node, user } from "./common.ts";
import { objectsUnder } from "../../invariants/objects.ts";

/** Per-pod cpu usage the load operations switch between: 20% and 200% of the 250m request. */
export const LOW_CPU_MILLI = 50;
export const HIGH_CPU_MILLI = 500;

/** How many pods the per-pod load and readiness operations address (the first ones by name). */
const PER_POD_OPS = 4;

const HPA_ID = "kube-controller-manager/horizontalpodautoscaling";

/** The Deployment the HPA scales: 2 replicas; a rollout surges one pod and keeps every old one until replaced. */
function webDeployment(): KObject {
  const d = deployment("web", 2);
  return { ...d, spec: { ...d.spec, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } };
}

/** How long a canary's readiness probe waits before its first run (a slow starter). */
const CANARY_WARM_UP_SECONDS = 120;

/**
 * A canary pod beside the Deployment: it carries the app label (so the Deployment's selector, which the HPA
 * reads through the scale subresource, counts it) but not the pod-template-hash (no ReplicaSet adopts it), and
 * it is a slow starter: its readiness probe waits two minutes (initialDelaySeconds) before its first run, so it
 * runs unready, with its start-up cpu, for that long; the faults flip its readiness with pod.readiness. Its name is
 * fixed, so the load can be set on it from the start.
 */
export function canaryPod(name: string, nodeName: string): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels: { app: "web", track: "canary" } },
    spec: {
      nodeName,
      containers: [
        {
          name: "app",
          image: "nginx:1.27",
          resources: { requests: { cpu: "250m", memory: "128Mi" } },
          readinessProbe: { httpGet: { path: "/healthz", port: 80 }, initialDelaySeconds: CANARY_WARM_UP_SECONDS },
        },
      ],
    },
  };
}

/**
 * The HPA: cpu at 50% of request, 1 to 5 replicas. It has a spec.behavior (a 30 s scale-down window; scale-up as
 * defaulted), so Kubernetes stabilizes a scale-up with the minimum of recent recommendations and never goes
 * above what the metrics ask for now — the premise of the hpa-scale-up-justified invariant.
 */
export const webHpa: KObject = {
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "web", namespace: "default" },
  spec: {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
    minReplicas: 1,
    maxReplicas: 5,
    metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }],
    behavior: { scaleDown: { stabilizationWindowSeconds: 30 } },
  },
};

const metricsSet = (pod: string, cpuMilli: number): Action => ({ type: "metrics.set", namespace: "default", pod, cpuMilli });

/**
 * A Deployment scaled by an HPA on two nodes, with two canary pods under the same app label whose readiness
 * probe has not passed yet — unready pods with start-up cpu, as the new pods of a rollout are (kubernetes#72775).
 * User operations: load changes (the metrics server reporting new cpu usage for every pod of the app or for one
 * pod), image updates (rollouts); faults: a canary's readiness probe passing or failing, container crashes,
 * controller restarts. Readiness flips are kept to the canaries: the Deployment's own pods have no probe, so a
 * run never ends with a Deployment whose pods stay unready (it must converge).
 */
export const autoscaling: Scope = {
  id: "autoscaling",
  description: "a Deployment with an HPA and two unready canary pods on 2 nodes: cpu load changes, image updates; readiness flips, container crashes, controller restarts",
  needs: ["scheduler", "kubelet", "replicaset-controller", "deployment-controller", "horizontalpodautoscaler-controller"],
  nodes: [node("node-1"), node("node-2")],
  objects: [webDeployment(), webHpa, canaryPod("web-canary-0", "node-1"), canaryPod("web-canary-1", "node-2")],
  ops(state) {
    const out: Action[] = [];
    for (const d of objectsUnder(state, "/registry/deployments/")) {
      const img = d.spec.template.spec.containers[0].image;
      out.push(user({ verb: "set-image", resource: "deployments.apps", namespace: d.metadata.namespace, name: d.metadata.name, image: img === "nginx:1.25" ? "nginx:1.26" : "nginx:1.25" }));
    }
    // The load: every pod of the app at once, or one pod (the first few by name), low or high.
    out.push(metricsSet("web-*", HIGH_CPU_MILLI), metricsSet("web-*", LOW_CPU_MILLI));
    const live = objectsUnder(state, "/registry/pods/default/").filter((p) => !p.metadata.deletionTimestamp);
    for (const p of live.slice(0, PER_POD_OPS)) out.push(metricsSet(p.metadata.name!, HIGH_CPU_MILLI), metricsSet(p.metadata.name!, LOW_CPU_MILLI));
    return out;
  },
  faults(state) {
    const out: Action[] = [];
    for (const p of objectsUnder(state, "/registry/pods/default/web-canary-")) {
      if (p.status?.phase !== "Running") continue;
      const ready = (p.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");
      out.push({ type: "pod.readiness", namespace: "default", pod: p.metadata.name!, ready: !ready });
    }
    const restarts = componentRestarts(state).filter((a) => a.type === "component.restart" && a.component === HPA_ID);
    return [...out, ...containerCrashes(state).slice(0, PER_POD_OPS), ...restarts];
  },
  maxFaults: 2,
  settleTime: 30,
};
