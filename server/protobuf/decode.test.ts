/**
 * The protobuf → JSON converter on bodies encoded with protobufjs from the vendored descriptors: one per kind the
 * model serves, with the Kubernetes-specific mappings (Time, MicroTime, Quantity, IntOrString, bytes, maps,
 * embedded structs, Go pointers) and the bodies that must not decode.
 */
import { describe, expect, it } from "vitest";
import { decodeProtobufBody } from "./decode.ts";
import { encodeBody, withEnvelope } from "./encode.test-support.ts";
import { KIND_MESSAGES } from "./kinds.ts";
import { kubernetesSchema } from "./schema.ts";

const T = 1700000000; // 2023-11-14T22:13:20Z
const CORE = "k8s.io.api.core.v1";

/** gogo writes every non-pointer field, zero or not: the empty ObjectMeta fields kubectl sends. */
const goMeta = (name: string, extra: Record<string, unknown> = {}) => ({ name, generateName: "", namespace: "", selfLink: "", uid: "", resourceVersion: "", generation: 0, creationTimestamp: {}, ...extra });

function decoded(apiVersion: string, kind: string, message: string, object: Record<string, unknown>): unknown {
  const r = decodeProtobufBody(encodeBody(apiVersion, kind, message, object));
  if (!r.ok) throw new Error(r.why);
  return r.value;
}

describe("protobuf bodies decode to the JSON a JSON body would carry", () => {
  it("every served kind has a message in the vendored schema", () => {
    const root = kubernetesSchema();
    for (const kinds of Object.values(KIND_MESSAGES)) for (const message of Object.values(kinds)) expect(root.lookupType(message).fullName).toBe(`.${message}`);
  });

  it("Pod: containers, ports, env, resources (Quantity), probes (IntOrString, inline handler), times, pointer zeros", () => {
    const pod = decoded("v1", "Pod", `${CORE}.Pod`, {
      metadata: goMeta("web-1", { namespace: "default", labels: { app: "web" }, creationTimestamp: { seconds: T }, deletionGracePeriodSeconds: 0 }),
      spec: {
        containers: [
          {
            name: "c",
            image: "nginx",
            workingDir: "",
            ports: [{ containerPort: 80, protocol: "TCP", hostPort: 0 }],
            env: [{ name: "A", value: "1" }, { name: "B", valueFrom: { configMapKeyRef: { localObjectReference: { name: "cm" }, key: "k", optional: false } } }],
            resources: { requests: { cpu: { string: "100m" }, memory: { string: "64Mi" } } },
            readinessProbe: { handler: { httpGet: { path: "/healthz", port: { type: 0, intVal: 8080 } } }, periodSeconds: 5 },
            livenessProbe: { handler: { tcpSocket: { port: { type: 1, strVal: "http" } } } },
            stdin: false,
          },
        ],
        restartPolicy: "Always",
        terminationGracePeriodSeconds: 0,
        hostNetwork: false,
        automountServiceAccountToken: false,
        nodeSelector: { disk: "ssd" },
        tolerations: [{ key: "k", operator: "Exists", effect: "NoExecute", tolerationSeconds: 0 }],
        volumes: [{ name: "v", volumeSource: { emptyDir: { sizeLimit: { string: "1Gi" } } } }, { name: "s", volumeSource: { secret: { secretName: "creds", defaultMode: 420 } } }],
      },
      status: { phase: "Running", startTime: { seconds: T }, conditions: [{ type: "Ready", status: "True", lastProbeTime: {}, lastTransitionTime: { seconds: T } }] },
    });
    expect(pod).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web-1", namespace: "default", labels: { app: "web" }, creationTimestamp: "2023-11-14T22:13:20Z", deletionGracePeriodSeconds: 0 },
      spec: {
        containers: [
          {
            name: "c",
            image: "nginx",
            ports: [{ containerPort: 80, protocol: "TCP" }],
            env: [{ name: "A", value: "1" }, { name: "B", valueFrom: { configMapKeyRef: { name: "cm", key: "k", optional: false } } }],
            resources: { requests: { cpu: "100m", memory: "64Mi" } },
            readinessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 5 },
            livenessProbe: { tcpSocket: { port: "http" } },
          },
        ],
        restartPolicy: "Always",
        terminationGracePeriodSeconds: 0,
        automountServiceAccountToken: false,
        nodeSelector: { disk: "ssd" },
        tolerations: [{ key: "k", operator: "Exists", effect: "NoExecute", tolerationSeconds: 0 }],
        volumes: [{ name: "v", emptyDir: { sizeLimit: "1Gi" } }, { name: "s", secret: { secretName: "creds", defaultMode: 420 } }],
      },
      status: { phase: "Running", startTime: "2023-11-14T22:13:20Z", conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2023-11-14T22:13:20Z" }] },
    });
  });

  it("Node: taints, capacity, conditions, addresses, the upper-case Port of DaemonEndpoint", () => {
    expect(
      decoded("v1", "Node", `${CORE}.Node`, {
        metadata: goMeta("node-1"),
        spec: { unschedulable: true, taints: [{ key: "dedicated", value: "x", effect: "NoSchedule", timeAdded: { seconds: T } }], podCIDR: "" },
        status: {
          capacity: { cpu: { string: "4" }, pods: { string: "110" } },
          conditions: [{ type: "Ready", status: "True", lastHeartbeatTime: { seconds: T } }],
          addresses: [{ type: "InternalIP", address: "10.0.0.1" }],
          daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
          nodeInfo: { kubeletVersion: "v1.32.0", machineID: "" },
        },
      }),
    ).toEqual({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "node-1" },
      spec: { unschedulable: true, taints: [{ key: "dedicated", value: "x", effect: "NoSchedule", timeAdded: "2023-11-14T22:13:20Z" }] },
      status: {
        capacity: { cpu: "4", pods: "110" },
        conditions: [{ type: "Ready", status: "True", lastHeartbeatTime: "2023-11-14T22:13:20Z" }],
        addresses: [{ type: "InternalIP", address: "10.0.0.1" }],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: { kubeletVersion: "v1.32.0" },
      },
    });
  });

  it("Namespace: finalizers, an empty status kept as {} (a Go struct, never omitted)", () => {
    expect(decoded("v1", "Namespace", `${CORE}.Namespace`, { metadata: goMeta("team-a"), spec: { finalizers: ["kubernetes"] }, status: {} })).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "team-a" },
      spec: { finalizers: ["kubernetes"] },
      status: {},
    });
  });

  it("ReplicationController: a pointer replicas of 0 stays, a map selector, a template", () => {
    expect(
      decoded("v1", "ReplicationController", `${CORE}.ReplicationController`, {
        metadata: goMeta("rc"),
        spec: { replicas: 0, minReadySeconds: 0, selector: { app: "a" }, template: { metadata: goMeta("", { labels: { app: "a" } }), spec: { containers: [{ name: "c", image: "i" }] } } },
      }),
    ).toEqual({
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name: "rc" },
      spec: { replicas: 0, selector: { app: "a" }, template: { metadata: { labels: { app: "a" } }, spec: { containers: [{ name: "c", image: "i" }] } } },
    });
  });

  it("Service: ports with IntOrString targetPort, a repeated string list, pointer fields", () => {
    expect(
      decoded("v1", "Service", `${CORE}.Service`, {
        metadata: goMeta("web", { namespace: "default" }),
        spec: {
          ports: [{ name: "http", protocol: "TCP", port: 80, targetPort: { type: 0, intVal: 8080 }, nodePort: 0 }, { name: "named", port: 81, targetPort: { type: 1, strVal: "metrics" } }],
          selector: { app: "web" },
          type: "ClusterIP",
          clusterIP: "",
          ipFamilies: ["IPv4"],
          allocateLoadBalancerNodePorts: false,
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } },
        },
        status: { loadBalancer: {} },
      }),
    ).toEqual({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "default" },
      spec: {
        ports: [{ name: "http", protocol: "TCP", port: 80, targetPort: 8080 }, { name: "named", port: 81, targetPort: "metrics" }],
        selector: { app: "web" },
        type: "ClusterIP",
        ipFamilies: ["IPv4"],
        allocateLoadBalancerNodePorts: false,
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } },
      },
      status: { loadBalancer: {} },
    });
  });

  it("Endpoints: nested lists of subsets, addresses and ports, a pointer nodeName", () => {
    expect(
      decoded("v1", "Endpoints", `${CORE}.Endpoints`, {
        metadata: goMeta("web"),
        subsets: [{ addresses: [{ ip: "10.1.0.1", nodeName: "node-1", targetRef: { kind: "Pod", name: "web-1", namespace: "default" } }, { ip: "10.1.0.2" }], ports: [{ name: "http", port: 80, protocol: "TCP" }] }],
      }),
    ).toEqual({
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "web" },
      subsets: [{ addresses: [{ ip: "10.1.0.1", nodeName: "node-1", targetRef: { kind: "Pod", name: "web-1", namespace: "default" } }, { ip: "10.1.0.2" }], ports: [{ name: "http", port: 80, protocol: "TCP" }] }],
    });
  });

  it("PersistentVolume: the inline volume source, capacity, claimRef", () => {
    expect(
      decoded("v1", "PersistentVolume", `${CORE}.PersistentVolume`, {
        metadata: goMeta("pv-1"),
        spec: { capacity: { storage: { string: "10Gi" } }, persistentVolumeSource: { hostPath: { path: "/data" } }, accessModes: ["ReadWriteOnce"], claimRef: { namespace: "default", name: "c" }, persistentVolumeReclaimPolicy: "Retain", storageClassName: "" },
        status: { phase: "Bound" },
      }),
    ).toEqual({
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: "pv-1" },
      spec: { capacity: { storage: "10Gi" }, hostPath: { path: "/data" }, accessModes: ["ReadWriteOnce"], claimRef: { namespace: "default", name: "c" }, persistentVolumeReclaimPolicy: "Retain" },
      status: { phase: "Bound" },
    });
  });

  it("PersistentVolumeClaim: a pointer storageClassName of \"\" stays (it disables dynamic provisioning)", () => {
    expect(
      decoded("v1", "PersistentVolumeClaim", `${CORE}.PersistentVolumeClaim`, {
        metadata: goMeta("c"),
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: { string: "1Gi" } } }, storageClassName: "", volumeName: "" },
      }),
    ).toEqual({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "c" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, storageClassName: "" } });
  });

  it("ResourceQuota: hard and used Quantity maps, scopes", () => {
    expect(
      decoded("v1", "ResourceQuota", `${CORE}.ResourceQuota`, {
        metadata: goMeta("q"),
        spec: { hard: { pods: { string: "10" }, "requests.cpu": { string: "2" } }, scopes: ["NotTerminating"] },
        status: { used: { pods: { string: "0" } } },
      }),
    ).toEqual({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "10", "requests.cpu": "2" }, scopes: ["NotTerminating"] }, status: { used: { pods: "0" } } });
  });

  it("ServiceAccount: secrets and imagePullSecrets, a pointer false stays", () => {
    expect(
      decoded("v1", "ServiceAccount", `${CORE}.ServiceAccount`, { metadata: goMeta("robot"), secrets: [{ name: "tok" }], imagePullSecrets: [{ name: "pull" }], automountServiceAccountToken: false }),
    ).toEqual({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "robot" }, secrets: [{ name: "tok" }], imagePullSecrets: [{ name: "pull" }], automountServiceAccountToken: false });
  });

  it("Secret: bytes values as base64, stringData as strings, an unset immutable stays absent", () => {
    expect(
      decoded("v1", "Secret", `${CORE}.Secret`, { metadata: goMeta("creds"), data: { bin: Uint8Array.of(0, 255, 10), user: Buffer.from("admin") }, stringData: { plain: "text" }, type: "Opaque" }),
    ).toEqual({ apiVersion: "v1", kind: "Secret", metadata: { name: "creds" }, data: { bin: "AP8K", user: "YWRtaW4=" }, stringData: { plain: "text" }, type: "Opaque" });
  });

  it("ConfigMap: data, binaryData as base64, immutable true", () => {
    expect(decoded("v1", "ConfigMap", `${CORE}.ConfigMap`, { metadata: goMeta("x"), data: { a: "b" }, binaryData: { raw: Buffer.from("hi") }, immutable: true })).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "x" },
      data: { a: "b" },
      binaryData: { raw: "aGk=" },
      immutable: true,
    });
  });

  it("Event: MicroTime in microseconds, Time in seconds (the nanos dropped), a series", () => {
    expect(
      decoded("v1", "Event", `${CORE}.Event`, {
        metadata: goMeta("e"),
        involvedObject: { kind: "Pod", name: "web-1" },
        reason: "Started",
        source: { component: "kubelet" },
        firstTimestamp: { seconds: T, nanos: 999 },
        lastTimestamp: {},
        count: 1,
        type: "Normal",
        eventTime: { seconds: T, nanos: 123456789 },
        series: { count: 2, lastObservedTime: { seconds: T } },
        reportingComponent: "",
      }),
    ).toEqual({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "e" },
      involvedObject: { kind: "Pod", name: "web-1" },
      reason: "Started",
      source: { component: "kubelet" },
      firstTimestamp: "2023-11-14T22:13:20Z",
      count: 1,
      type: "Normal",
      eventTime: "2023-11-14T22:13:20.123456Z",
      series: { count: 2, lastObservedTime: "2023-11-14T22:13:20.000000Z" },
    });
  });

  it("ReplicaSet: ownerReferences with pointer bools, matchExpressions", () => {
    expect(
      decoded("apps/v1", "ReplicaSet", "k8s.io.api.apps.v1.ReplicaSet", {
        metadata: goMeta("web-abc", { ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "u1", controller: true, blockOwnerDeletion: false }] }),
        spec: { replicas: 3, selector: { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] } },
        status: { replicas: 0, observedGeneration: 0 },
      }),
    ).toEqual({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "web-abc", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "u1", controller: true, blockOwnerDeletion: false }] },
      spec: { replicas: 3, selector: { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] } },
      status: {},
    });
  });

  it("Deployment: a rolling update with IntOrString percentages, replicas 0 kept, paused false dropped", () => {
    expect(
      decoded("apps/v1", "Deployment", "k8s.io.api.apps.v1.Deployment", {
        metadata: goMeta("web"),
        spec: { replicas: 0, paused: false, revisionHistoryLimit: 0, strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: { type: 1, strVal: "25%" }, maxSurge: { type: 0, intVal: 1 } } } },
      }),
    ).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { replicas: 0, revisionHistoryLimit: 0, strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: 1 } } },
    });
  });

  it("HorizontalPodAutoscaler (autoscaling/v2): metrics, targets, behavior", () => {
    expect(
      decoded("autoscaling/v2", "HorizontalPodAutoscaler", "k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler", {
        metadata: goMeta("web"),
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
          minReplicas: 1,
          maxReplicas: 5,
          metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
          behavior: { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } },
        },
        status: { currentReplicas: 0, desiredReplicas: 0 },
      }),
    ).toEqual({
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "web" },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
        minReplicas: 1,
        maxReplicas: 5,
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
        behavior: { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } },
      },
      status: {},
    });
  });

  it("Lease: MicroTime renewTime, pointer leaseTransitions 0 kept", () => {
    expect(
      decoded("coordination.k8s.io/v1", "Lease", "k8s.io.api.coordination.v1.Lease", {
        metadata: goMeta("node-1", { namespace: "kube-node-lease" }),
        spec: { holderIdentity: "node-1", leaseDurationSeconds: 40, renewTime: { seconds: T, nanos: 5000 }, leaseTransitions: 0 },
      }),
    ).toEqual({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: "node-1", namespace: "kube-node-lease" },
      spec: { holderIdentity: "node-1", leaseDurationSeconds: 40, renewTime: "2023-11-14T22:13:20.000005Z", leaseTransitions: 0 },
    });
  });

  it("DeleteOptions under any group version: gracePeriodSeconds 0 and preconditions kept", () => {
    expect(
      decoded("apps/v1", "DeleteOptions", "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions", { gracePeriodSeconds: 0, propagationPolicy: "Foreground", preconditions: { uid: "u1" }, dryRun: ["All"] }),
    ).toEqual({ apiVersion: "apps/v1", kind: "DeleteOptions", gracePeriodSeconds: 0, propagationPolicy: "Foreground", preconditions: { uid: "u1" }, dryRun: ["All"] });
  });

  it("managedFields: fieldsV1 is the JSON its raw bytes hold", () => {
    const cm = decoded("v1", "ConfigMap", `${CORE}.ConfigMap`, {
      metadata: goMeta("x", { managedFields: [{ manager: "kubectl", operation: "Update", apiVersion: "v1", time: { seconds: T }, fieldsType: "FieldsV1", fieldsV1: { Raw: Buffer.from('{"f:data":{}}') } }] }),
    });
    expect(cm).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "x", managedFields: [{ manager: "kubectl", operation: "Update", apiVersion: "v1", time: "2023-11-14T22:13:20Z", fieldsType: "FieldsV1", fieldsV1: { "f:data": {} } }] },
    });
  });
});

describe("protobuf bodies that do not decode say why", () => {
  const raw = () => kubernetesSchema().lookupType(`${CORE}.ConfigMap`).encode({ metadata: { name: "x" }, data: { a: "b" } }).finish();

  it("a body without the k8s\\x00 prefix", () => {
    expect(decodeProtobufBody(Buffer.from('{"kind":"ConfigMap"}'))).toEqual({ ok: false, why: "the body does not start with the protobuf prefix k8s\\x00" });
  });

  it("a body truncated anywhere in its typeMeta or raw", () => {
    const whole = encodeBody("v1", "ConfigMap", `${CORE}.ConfigMap`, { metadata: { name: "x" }, data: { a: "b" } });
    // The envelope ends with contentEncoding "" and contentType "" (0x1a 0x00 0x22 0x00): cutting those off
    // leaves a whole, valid message; every shorter cut is inside typeMeta or raw.
    expect([...whole.subarray(whole.length - 4)]).toEqual([0x1a, 0x00, 0x22, 0x00]);
    // Cut right after typeMeta it is an envelope without raw: upstream decodes that as an empty object too.
    const typeMetaEnd = 4 + 2 + whole[5]!;
    expect(decodeProtobufBody(whole.subarray(0, typeMetaEnd))).toEqual({ ok: true, value: { apiVersion: "v1", kind: "ConfigMap" } });
    for (let n = 4; n < whole.length - 4; n++) {
      if (n === typeMetaEnd) continue;
      const r = decodeProtobufBody(whole.subarray(0, n));
      expect(r.ok, `length ${n}`).toBe(false);
    }
    expect(decodeProtobufBody(whole).ok).toBe(true);
  });

  it("a kind kubeprop has no schema for is named, and marked for the path to decide", () => {
    const r = decodeProtobufBody(withEnvelope("batch/v1", "Job", raw()));
    expect(r).toEqual({ ok: false, why: "no protobuf schema for batch/v1, Kind=Job", unknownKind: { apiVersion: "batch/v1", kind: "Job" } });
  });

  it("an envelope with a content encoding", () => {
    expect(decodeProtobufBody(withEnvelope("v1", "ConfigMap", raw(), "gzip"))).toEqual({ ok: false, why: 'unsupported content encoding "gzip"' });
  });

  it("a field the schema lacks: skipped when zero (as gogo writes it), an error when set", () => {
    // Field 99 of ConfigMap, once empty (0x9a 0x06 0x00) and once "zz".
    const zero = Buffer.concat([raw(), Uint8Array.of(0x9a, 0x06, 0x00)]);
    expect(decodeProtobufBody(withEnvelope("v1", "ConfigMap", zero))).toEqual({ ok: true, value: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { a: "b" } } });
    const set = Buffer.concat([raw(), Uint8Array.of(0x9a, 0x06, 0x02, 0x7a, 0x7a)]);
    expect(decodeProtobufBody(withEnvelope("v1", "ConfigMap", set))).toEqual({
      ok: false,
      why: "field 99 of k8s.io.api.core.v1.ConfigMap is not in kubeprop's protobuf schema; send this object as JSON",
    });
  });
});
