/**
 * Test support for the Deployment controller: a cluster running the Deployment controller, the real ReplicaSet
 * controller and a stand-in for kubelets (a "pod runner" that reports every pod Running and Ready, except pods
 * whose image contains "broken", which never become Ready); manifests; requests; and readers of the stored
 * objects. Pods are never scheduled (no scheduler runs), so their deletion is immediate.
 */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { ApiRequest } from "../../apiserver/request.ts";
import type { ComponentBehavior } from "../../components/behavior.ts";
import { fixedKind } from "../../components/kinds.ts";
import { DEFAULT_CONTROL_PLANE, type Options } from "../../config.ts";
import { BUILTIN_KINDS } from "../../builtin-kinds.ts";
import { clusterOf } from "../../cluster.ts";
import { handle } from "../../apiserver/handle.ts";
import { isStatus } from "../../apiserver/status.ts";
import { cacheGet } from "../../informers/cache.ts";
import { send } from "../../client.ts";
import { timestamp } from "../../clock.ts";
import { metaNamespaceKey } from "../../objects/types.ts";

export const DC = "kube-controller-manager/deployment";
export const RSC = "kube-controller-manager/replicaset";
export const POD_RUNNER = "test/pod-runner";
const POD_RUNNER_KIND = "test-pod-runner";

const ready = (p: KObject) => (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === "Ready" && c.status === "True");
const broken = (p: KObject) => (p.spec?.containers ?? []).some((c: { image?: string }) => (c.image ?? "").includes("broken"));

/** The kubelet stand-in: marks each pod Running and Ready through the status subresource (unless "broken"). */
export const podRunnerBehavior: ComponentBehavior = {
  kind: POD_RUNNER_KIND,
  source: "test stand-in for pkg/kubelet/status/status_manager.go",
  watches: () => [{ resource: "pods" }],
  keysFor: (_r, ev) => (ev.type !== "DELETED" && !ev.object.metadata.deletionTimestamp && !ready(ev.object) && !broken(ev.object) ? [metaNamespaceKey(ev.object)] : []),
  reconcile(state, c, key, log) {
    const pod = cacheGet(c, "pods", key);
    if (!pod || pod.metadata.deletionTimestamp || ready(pod) || broken(pod)) return { state };
    const now = timestamp(state.clock.now);
    const status = {
      ...pod.status,
      phase: "Running",
      conditions: [{ type: "Ready", status: "True", lastTransitionTime: now }],
      containerStatuses: [{ name: "app", ready: true, restartCount: 0, image: pod.spec.containers[0].image, imageID: "", started: true, state: { running: { startedAt: now } } }],
    };
    const r = send(state, c.id, { verb: "update", resource: "pods", namespace: pod.metadata.namespace!, name: pod.metadata.name!, subresource: "status", object: { ...pod, status } }, log);
    return { state: r.state };
  },
  initialMemory: () => null,
};

/**
 * The cluster model these tests run: the built-in kinds and the pod runner. A test steps and settles with these
 * (not the free step/settle, whose registry has no pod runner).
 */
export const DEPLOYMENT_TEST_CLUSTER = clusterOf(BUILTIN_KINDS.with(fixedKind(podRunnerBehavior)));
export const { step, stepWithEffects, settle, enabled, advance } = DEPLOYMENT_TEST_CLUSTER;

/**
 * A cluster whose control plane is the Deployment and ReplicaSet controllers, plus the pod runner (optional);
 * `deployment` gives the Deployment controller options (a bug-zoo variant).
 */
export function deploymentCluster(opts: { podRunner?: boolean; deployment?: Options } = {}): State {
  const keep = ["deployment-controller", "replicaset-controller"];
  const components = DEFAULT_CONTROL_PLANE.filter((c) => keep.includes(c.kind)).map((c) => (c.kind === "deployment-controller" && opts.deployment ? { ...c, options: opts.deployment } : c));
  let s = DEPLOYMENT_TEST_CLUSTER.bootstrap({ config: { components } });
  if (opts.podRunner !== false) s = DEPLOYMENT_TEST_CLUSTER.addComponent(s, POD_RUNNER, POD_RUNNER_KIND);
  return s;
}

/** A request that must succeed. */
export function ok(state: State, req: ApiRequest): { state: State; obj: KObject } {
  const r = handle(state, req);
  if (isStatus(r.result)) throw new Error(`expected success, got ${r.result.code}: ${r.result.message}`);
  return { state: r.state, obj: r.result };
}

/** Options of {@link deploymentManifest}. */
export interface DeploymentManifestOptions {
  readonly replicas?: number;
  readonly image?: string;
  readonly strategy?: "RollingUpdate" | "Recreate";
  readonly maxSurge?: number | string;
  readonly maxUnavailable?: number | string;
  readonly revisionHistoryLimit?: number;
  readonly progressDeadlineSeconds?: number;
  readonly minReadySeconds?: number;
  readonly paused?: boolean;
  readonly annotations?: Record<string, string>;
  /** The value of the app label (default: the name). */
  readonly app?: string;
}

/** A Deployment manifest selecting app=<name> (or app=<o.app>). */
export function deploymentManifest(name: string, o: DeploymentManifestOptions = {}): KObject {
  const labels = { app: o.app ?? name };
  const strategy =
    o.strategy === "Recreate"
      ? { type: "Recreate" }
      : {
          type: "RollingUpdate",
          rollingUpdate: { ...(o.maxSurge !== undefined ? { maxSurge: o.maxSurge } : {}), ...(o.maxUnavailable !== undefined ? { maxUnavailable: o.maxUnavailable } : {}) },
        };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec: {
      replicas: o.replicas ?? 3,
      selector: { matchLabels: labels },
      strategy,
      ...(o.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: o.revisionHistoryLimit } : {}),
      ...(o.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: o.progressDeadlineSeconds } : {}),
      ...(o.minReadySeconds !== undefined ? { minReadySeconds: o.minReadySeconds } : {}),
      ...(o.paused ? { paused: true } : {}),
      template: { metadata: { labels }, spec: { containers: [{ name: "app", image: o.image ?? "nginx:1.25" }] } },
    },
  };
}

export const createDeployment = (s: State, d: KObject): State => ok(s, { verb: "create", resource: "deployments.apps", namespace: "default", object: d }).state;
export const setImage = (s: State, name: string, image: string): State => ok(s, { verb: "set-image", resource: "deployments.apps", namespace: "default", name, container: "app", image }).state;
export const patchDeployment = (s: State, name: string, spec: Record<string, unknown>): State =>
  ok(s, { verb: "patch", resource: "deployments.apps", namespace: "default", name, patch: { spec } }).state;
export const scaleDeployment = (s: State, name: string, replicas: number): State => patchDeployment(s, name, { replicas });
export const pauseDeployment = (s: State, name: string, paused: boolean): State => patchDeployment(s, name, { paused });

/** A stored object. */
export function getObj(s: State, resource: string, name: string, ns = "default"): KObject {
  return ok(s, { verb: "get", resource, namespace: ns, name }).obj;
}

/** Every stored object of a resource in the namespace, in name order. */
export function listObjs(s: State, resource: string, ns = "default"): KObject[] {
  return (ok(s, { verb: "list", resource, namespace: ns }).obj as unknown as { items: KObject[] }).items;
}

/** The stored ReplicaSets a deployment controls, oldest revision first. */
export function replicaSetsOf(s: State, deployment: string): KObject[] {
  const d = getObj(s, "deployments.apps", deployment);
  return listObjs(s, "replicasets.apps")
    .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid))
    .sort((a, b) => Number(a.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0) - Number(b.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0));
}

/** Pods in the store that are not being deleted. */
export const livePods = (s: State): KObject[] => listObjs(s, "pods").filter((p) => !p.metadata.deletionTimestamp);

/** Live pods that are Ready (minReadySeconds 0: available). */
export const readyPods = (s: State): KObject[] => livePods(s).filter(ready);

/** The image of a pod's first container. */
export const imageOf = (p: KObject): string => p.spec.containers[0].image;

/** Events of the namespace with a given reason, in name order. */
export function events(s: State, reason?: string): KObject[] {
  return listObjs(s, "events").filter((e) => reason === undefined || e.reason === reason);
}

/** The condition of a type in a deployment's status. */
export function conditionOf(d: KObject, type: string): { type: string; status: string; reason?: string; message?: string; lastUpdateTime?: string; lastTransitionTime?: string } | undefined {
  return (d.status?.conditions ?? []).find((c: { type: string }) => c.type === type);
}

/** spec.replicas of ReplicaSets, by image of their template. */
export function sizesByImage(s: State, deployment: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const rs of replicaSetsOf(s, deployment)) out[rs.spec.template.spec.containers[0].image] = rs.spec.replicas;
  return out;
}
