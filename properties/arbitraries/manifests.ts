/**
 * fast-check arbitraries for the manifests users apply: Deployments, ReplicaSets, ReplicationControllers,
 * Services, PersistentVolumes and claims, Namespaces, ResourceQuotas, HorizontalPodAutoscalers and CRDs. Each
 * generates a valid object (the API server's validation accepts it) in the `default` namespace unless said,
 * named from its index so several can coexist; shrinking goes towards the simplest form.
 */
import fc from "fast-check";
import type { KObject } from "../../model/objects/types.ts";

const images = ["nginx:1.25", "nginx:1.26", "busybox:1.36"] as const;

/**
 * A pod template's spec: one container with requests (and sometimes limits). No readiness probe: a probe would
 * pass on its own (probes succeed unless a probe.set says otherwise), and a scope that wants probes sets them.
 */
export const podSpecArb: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    image: fc.constantFrom(...images),
    cpu: fc.constantFrom("100m", "250m", "500m", "1"),
    memory: fc.constantFrom("64Mi", "128Mi", "512Mi"),
    limits: fc.boolean(),
  })
  .map((p) => ({
    containers: [
      {
        name: "app",
        image: p.image,
        ports: [{ name: "http", containerPort: 8080 }],
        resources: { requests: { cpu: p.cpu, memory: p.memory }, ...(p.limits ? { limits: { cpu: p.cpu, memory: p.memory } } : {}) },
      },
    ],
  }));

const template = (app: string, spec: Record<string, unknown>) => ({ metadata: { labels: { app } }, spec });

/** A Deployment `name` with 0-4 replicas, RollingUpdate (maxSurge/maxUnavailable not both 0) or Recreate. */
export function deploymentArb(name: string): fc.Arbitrary<KObject> {
  const rolling = fc
    .tuple(fc.constantFrom(1, 0, "25%"), fc.constantFrom(1, 0, "25%"))
    .filter(([s, u]) => !(s === 0 && u === 0))
    .map(([maxSurge, maxUnavailable]) => ({ type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } }));
  const strategy = fc.oneof(rolling, fc.constant({ type: "Recreate" }));
  return fc.record({ replicas: fc.integer({ min: 0, max: 4 }), strategy, spec: podSpecArb }).map((d) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: { replicas: d.replicas, selector: { matchLabels: { app: name } }, strategy: d.strategy, template: template(name, d.spec) },
  }));
}

/** A ReplicaSet (set-based selector) `name` with 0-4 replicas. */
export function replicaSetArb(name: string): fc.Arbitrary<KObject> {
  return fc.record({ replicas: fc.integer({ min: 0, max: 4 }), spec: podSpecArb }).map((r) => ({
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "default" },
    spec: { replicas: r.replicas, selector: { matchExpressions: [{ key: "app", operator: "In", values: [name] }] }, template: template(name, r.spec) },
  }));
}

/** A ReplicationController (equality-based selector) `name` with 0-4 replicas. */
export function replicationControllerArb(name: string): fc.Arbitrary<KObject> {
  return fc.record({ replicas: fc.integer({ min: 0, max: 4 }), spec: podSpecArb }).map((r) => ({
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name, namespace: "default" },
    spec: { replicas: r.replicas, selector: { app: name }, template: template(name, r.spec) },
  }));
}

/** A Service selecting app=`app`: ClusterIP, headless, NodePort or LoadBalancer; target port by number or name; affinity. */
export function serviceArb(name: string, app: string): fc.Arbitrary<KObject> {
  return fc
    .record({
      type: fc.constantFrom("ClusterIP", "Headless", "NodePort", "LoadBalancer"),
      targetPort: fc.constantFrom<number | string>(8080, "http"),
      affinity: fc.constantFrom("None", "ClientIP"),
    })
    .map((s) => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace: "default" },
      spec: {
        selector: { app },
        ports: [{ name: "web", port: 80, targetPort: s.targetPort, protocol: "TCP" }],
        ...(s.type === "Headless" ? { clusterIP: "None" } : { type: s.type }),
        sessionAffinity: s.affinity,
        ...(s.affinity === "ClientIP" ? { sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } } : {}),
      },
    }));
}

const accessModes = fc.constantFrom(["ReadWriteOnce"], ["ReadOnlyMany"], ["ReadWriteMany"]);
const sizes = fc.constantFrom("1Gi", "5Gi", "10Gi");
const classes = fc.constantFrom("standard", "fast");

/** A PersistentVolume `name` (nfs source) with a size, class, access modes and reclaim policy. */
export function persistentVolumeArb(name: string): fc.Arbitrary<KObject> {
  return fc.record({ size: sizes, cls: classes, modes: accessModes, reclaim: fc.constantFrom("Retain", "Delete", "Recycle") }).map((v) => ({
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name },
    spec: {
      capacity: { storage: v.size },
      accessModes: v.modes,
      storageClassName: v.cls,
      persistentVolumeReclaimPolicy: v.reclaim,
      nfs: { server: "nfs.example", path: `/exports/${name}` },
    },
  }));
}

/** A PersistentVolumeClaim `name` asking for a size, class and access modes. */
export function persistentVolumeClaimArb(name: string): fc.Arbitrary<KObject> {
  return fc.record({ size: sizes, cls: classes, modes: accessModes }).map((c) => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: "default" },
    spec: { accessModes: c.modes, storageClassName: c.cls, resources: { requests: { storage: c.size } } },
  }));
}

/** A Namespace `name`. */
export const namespaceArb = (name: string): fc.Arbitrary<KObject> => fc.constant({ apiVersion: "v1", kind: "Namespace", metadata: { name } });

/** A ResourceQuota in `namespace` on pods, cpu/memory requests, services or a count/<resource>. */
export function resourceQuotaArb(name: string, namespace = "default"): fc.Arbitrary<KObject> {
  const hard = fc.record(
    {
      pods: fc.constantFrom("2", "0", "5"),
      "requests.cpu": fc.constantFrom("1", "500m"),
      "requests.memory": fc.constantFrom("1Gi", "256Mi"),
      services: fc.constantFrom("1", "3"),
      "count/configmaps": fc.constantFrom("2", "0"),
    },
    { requiredKeys: ["pods"] },
  );
  return hard.map((h) => ({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name, namespace }, spec: { hard: h } }));
}

/** A HorizontalPodAutoscaler (autoscaling/v2, cpu utilization target) for Deployment `target`. */
export function hpaArb(name: string, target: string): fc.Arbitrary<KObject> {
  return fc
    .record({ min: fc.integer({ min: 1, max: 2 }), span: fc.integer({ min: 0, max: 4 }), util: fc.constantFrom(50, 80) })
    .map((h) => ({
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name, namespace: "default" },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: target },
        minReplicas: h.min,
        maxReplicas: h.min + h.span,
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: h.util } } }],
      },
    }));
}

/** A namespaced CustomResourceDefinition `<plural>.example.com` (apiextensions.k8s.io/v1). */
export function crdArb(plural: string): fc.Arbitrary<KObject> {
  const kind = plural.charAt(0).toUpperCase() + plural.slice(1, -1);
  return fc.constant({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: "example.com",
      scope: "Namespaced",
      names: { plural, singular: plural.slice(0, -1), kind, listKind: `${kind}List` },
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
    },
  });
}
