/**
 * Defaulting of new and updated objects, as the API server's scheme defaulters do before admission.
 * Follows pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go, pkg/apis/autoscaling/v2/defaults.go,
 * pkg/apis/scheduling/v1/defaults.go.
 */
import { produce } from "immer";
import type { KObject } from "../objects/types.ts";

type Draft = any;

function defaultPodSpec(spec: Draft): void {
  // follows pkg/apis/core/v1/defaults.go (SetDefaults_PodSpec, SetDefaults_Container)
  spec.restartPolicy ??= "Always";
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= "ClusterFirst";
  spec.schedulerName ??= "default-scheduler";
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  for (const list of [spec.initContainers, spec.containers]) {
    for (const c of list ?? []) {
      c.terminationMessagePath ??= "/dev/termination-log";
      c.terminationMessagePolicy ??= "File";
      if (c.imagePullPolicy === undefined) {
        const image: string = c.image ?? "";
        const tag = image.includes("@") ? "" : image.slice(image.lastIndexOf("/") + 1).split(":")[1] ?? "";
        c.imagePullPolicy = image.includes("@") || (tag !== "" && tag !== "latest") ? "IfNotPresent" : "Always";
      }
      for (const p of c.ports ?? []) p.protocol ??= "TCP";
      // SetDefaults_ResourceList / defaultRequests: limits without requests make requests equal limits.
      if (c.resources?.limits) {
        c.resources.requests ??= {};
        for (const [k, v] of Object.entries(c.resources.limits)) c.resources.requests[k] ??= v;
      }
    }
  }
  for (const t of spec.tolerations ?? []) if (t.operator === undefined && t.value === undefined && t.key) t.operator = "Equal";
}

function defaultTemplateLabelsSelector(o: Draft): void {
  // ReplicationController: the selector defaults to the template's labels, and labels to the template's.
  const tl = o.spec.template?.metadata?.labels;
  if (tl && (!o.spec.selector || Object.keys(o.spec.selector).length === 0)) o.spec.selector = { ...tl };
  if (tl && (!o.metadata.labels || Object.keys(o.metadata.labels).length === 0)) o.metadata.labels = { ...tl };
}

const PER_KIND: Record<string, (o: Draft) => void> = {
  Pod: (o) => {
    o.spec ??= {};
    defaultPodSpec(o.spec);
  },
  ReplicationController: (o) => {
    o.spec ??= {};
    o.spec.replicas ??= 1;
    defaultTemplateLabelsSelector(o);
    if (o.spec.template?.spec) defaultPodSpec(o.spec.template.spec);
  },
  ReplicaSet: (o) => {
    o.spec ??= {};
    o.spec.replicas ??= 1;
    if (o.spec.template?.spec) defaultPodSpec(o.spec.template.spec);
  },
  Deployment: (o) => {
    // follows pkg/apis/apps/v1/defaults.go (SetDefaults_Deployment)
    o.spec ??= {};
    o.spec.replicas ??= 1;
    o.spec.strategy ??= {};
    o.spec.strategy.type ??= "RollingUpdate";
    if (o.spec.strategy.type === "RollingUpdate") {
      o.spec.strategy.rollingUpdate ??= {};
      o.spec.strategy.rollingUpdate.maxUnavailable ??= "25%";
      o.spec.strategy.rollingUpdate.maxSurge ??= "25%";
    }
    o.spec.revisionHistoryLimit ??= 10;
    o.spec.progressDeadlineSeconds ??= 600;
    if (o.spec.template?.spec) defaultPodSpec(o.spec.template.spec);
  },
  Service: (o) => {
    // follows pkg/apis/core/v1/defaults.go (SetDefaults_Service)
    o.spec ??= {};
    o.spec.type ??= "ClusterIP";
    o.spec.sessionAffinity ??= "None";
    if (o.spec.sessionAffinity === "ClientIP") {
      o.spec.sessionAffinityConfig ??= {};
      o.spec.sessionAffinityConfig.clientIP ??= {};
      o.spec.sessionAffinityConfig.clientIP.timeoutSeconds ??= 10800;
    }
    for (const p of o.spec.ports ?? []) {
      p.protocol ??= "TCP";
      p.targetPort ??= p.port;
    }
    if (o.spec.type === "LoadBalancer" || o.spec.type === "NodePort") o.spec.externalTrafficPolicy ??= "Cluster";
    o.spec.internalTrafficPolicy ??= "Cluster";
  },
  Namespace: (o) => {
    // follows pkg/apis/core/v1/defaults.go (SetDefaults_NamespaceStatus) and the namespace strategy, which
    // adds the "kubernetes" finalizer on create.
    o.status ??= {};
    o.status.phase ??= "Active";
  },
  PersistentVolume: (o) => {
    o.spec ??= {};
    o.spec.persistentVolumeReclaimPolicy ??= "Retain";
    o.spec.volumeMode ??= "Filesystem";
    o.status ??= {};
    o.status.phase ??= "Pending";
  },
  PersistentVolumeClaim: (o) => {
    o.spec ??= {};
    o.spec.volumeMode ??= "Filesystem";
    o.status ??= {};
    o.status.phase ??= "Pending";
  },
  Secret: (o) => {
    o.type ??= "Opaque";
  },
  HorizontalPodAutoscaler: (o) => {
    o.spec ??= {};
    o.spec.minReplicas ??= 1;
    // follows pkg/apis/autoscaling/v2/defaults.go (SetDefaults_HorizontalPodAutoscaler): cpu at 80% by default.
    if (!Array.isArray(o.spec.metrics) || o.spec.metrics.length === 0) {
      o.spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];
    }
  },
  Node: (o) => {
    o.spec ??= {};
  },
  PriorityClass: (o) => {
    // follows pkg/apis/scheduling/v1/defaults.go (SetDefaults_PriorityClass); value is a plain int32 in Go, so an
    // absent one decodes as 0 and is served as 0.
    o.value ??= 0;
    o.preemptionPolicy ??= "PreemptLowerPriority";
  },
};

/** The object with its kind's defaults filled in (a new object; the input is not changed). */
export function applyDefaults(obj: KObject): KObject {
  const f = PER_KIND[obj.kind];
  if (!f) return obj;
  return produce(obj, (d: Draft) => {
    f(d);
  });
}
