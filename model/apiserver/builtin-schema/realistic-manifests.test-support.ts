/**
 * Manifests as users write them, with the common fields of each kind (probes, affinity, topology spread,
 * security contexts, volumes of many kinds, envFrom, lifecycle hooks, resources, image pull secrets, tolerations):
 * every field here is a real field of the Kubernetes API (k8s.io/api core/v1 and apps/v1 types.go), so strict
 * decoding must find nothing to report in them.
 */
import type { KObject } from "../../objects/types.ts";

const podSpec = {
  serviceAccountName: "web",
  automountServiceAccountToken: false,
  terminationGracePeriodSeconds: 45,
  priorityClassName: "high",
  restartPolicy: "Always",
  dnsPolicy: "ClusterFirst",
  dnsConfig: { nameservers: ["1.1.1.1"], searches: ["svc.cluster.local"], options: [{ name: "ndots", value: "2" }] },
  hostAliases: [{ ip: "10.0.0.1", hostnames: ["db.local"] }],
  enableServiceLinks: false,
  shareProcessNamespace: false,
  nodeSelector: { "kubernetes.io/os": "linux" },
  imagePullSecrets: [{ name: "regcred" }],
  securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, runAsNonRoot: true, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" }, supplementalGroups: [4000], sysctls: [{ name: "net.core.somaxconn", value: "1024" }] },
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: ["a", "b"] }] }] },
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: "disk", operator: "In", values: ["ssd"] }] } }],
    },
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" } }],
    },
    podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["cache"] }] }, topologyKey: "topology.kubernetes.io/zone", namespaces: ["default"] }] },
  },
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "web" } }, minDomains: 2, matchLabelKeys: ["pod-template-hash"] }],
  tolerations: [
    { key: "dedicated", operator: "Equal", value: "web", effect: "NoSchedule" },
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
  ],
  initContainers: [{ name: "migrate", image: "web:1.2.3", command: ["/bin/migrate"], args: ["--up"], resources: { requests: { cpu: "100m", memory: "64Mi" } } }],
  containers: [
    {
      name: "web",
      image: "registry.example.com/web:1.2.3",
      imagePullPolicy: "IfNotPresent",
      workingDir: "/app",
      command: ["/app/web"],
      args: ["--port=8080"],
      ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }, { name: "metrics", containerPort: 9090 }],
      env: [
        { name: "MODE", value: "prod" },
        { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        { name: "CPU_LIMIT", valueFrom: { resourceFieldRef: { containerName: "web", resource: "limits.cpu", divisor: "1m" } } },
        { name: "DB_HOST", valueFrom: { configMapKeyRef: { name: "web-config", key: "db_host", optional: true } } },
        { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "web-secret", key: "password" } } },
      ],
      envFrom: [{ configMapRef: { name: "web-config" } }, { prefix: "SECRET_", secretRef: { name: "web-secret", optional: false } }],
      resources: { requests: { cpu: "250m", memory: "256Mi", "ephemeral-storage": "1Gi" }, limits: { cpu: 1, memory: "512Mi" } },
      livenessProbe: { httpGet: { path: "/healthz", port: "http", scheme: "HTTP", httpHeaders: [{ name: "X-Probe", value: "1" }] }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
      readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5, successThreshold: 1 },
      startupProbe: { exec: { command: ["cat", "/tmp/ready"] }, failureThreshold: 30, periodSeconds: 2 },
      lifecycle: { postStart: { exec: { command: ["/bin/sh", "-c", "echo started"] } }, preStop: { sleep: { seconds: 5 } } },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] }, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      volumeMounts: [
        { name: "config", mountPath: "/etc/web", readOnly: true },
        { name: "cache", mountPath: "/cache" },
        { name: "data", mountPath: "/data", subPath: "web" },
        { name: "token", mountPath: "/var/run/secrets/tokens" },
      ],
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "FallbackToLogsOnError",
    },
    { name: "grpc-sidecar", image: "sidecar:1", livenessProbe: { grpc: { port: 9000, service: "health" } }, stdin: false, tty: false },
  ],
  volumes: [
    { name: "config", configMap: { name: "web-config", defaultMode: 420, items: [{ key: "app.yaml", path: "app.yaml" }] } },
    { name: "secret", secret: { secretName: "web-secret", optional: true } },
    { name: "cache", emptyDir: { medium: "Memory", sizeLimit: "128Mi" } },
    { name: "data", persistentVolumeClaim: { claimName: "web-data" } },
    { name: "host", hostPath: { path: "/var/log", type: "Directory" } },
    { name: "podinfo", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] } },
    { name: "token", projected: { sources: [{ serviceAccountToken: { path: "token", expirationSeconds: 3600, audience: "api" } }, { configMap: { name: "ca", items: [{ key: "ca.crt", path: "ca.crt" }] } }] } },
    { name: "nfs", nfs: { server: "nfs.local", path: "/exports", readOnly: true } },
    { name: "scratch", ephemeral: { volumeClaimTemplate: { metadata: { labels: { type: "scratch" } }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } } } },
    { name: "csi", csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { provider: "vault" } } },
  ],
};

const meta = (name: string) => ({ name, namespace: "default", labels: { app: "web", "app.kubernetes.io/name": "web" }, annotations: { "example.com/owner": "team-a" } });

export const REALISTIC_MANIFESTS: readonly KObject[] = [
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta("web"),
    spec: {
      replicas: 3,
      revisionHistoryLimit: 5,
      progressDeadlineSeconds: 600,
      minReadySeconds: 5,
      paused: false,
      selector: { matchLabels: { app: "web" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
      template: { metadata: { labels: { app: "web" }, annotations: { "prometheus.io/scrape": "true" } }, spec: podSpec },
    },
  },
  { apiVersion: "v1", kind: "Pod", metadata: meta("web-0"), spec: podSpec },
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta("web"),
    spec: {
      type: "LoadBalancer",
      selector: { app: "web" },
      ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP", appProtocol: "http" }, { name: "metrics", port: 9090, targetPort: 9090 }],
      sessionAffinity: "ClientIP",
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
      externalTrafficPolicy: "Local",
      internalTrafficPolicy: "Cluster",
      ipFamilyPolicy: "SingleStack",
      ipFamilies: ["IPv4"],
      loadBalancerSourceRanges: ["10.0.0.0/8"],
      publishNotReadyAddresses: false,
    },
  },
  { apiVersion: "v1", kind: "ConfigMap", metadata: meta("web-config"), data: { "app.yaml": "x: 1" }, binaryData: { blob: "AAEC" }, immutable: false },
  { apiVersion: "v1", kind: "Secret", metadata: meta("web-secret"), type: "Opaque", data: { password: "cGFzcw==" }, stringData: { user: "admin" } },
  { apiVersion: "v1", kind: "ServiceAccount", metadata: meta("web"), automountServiceAccountToken: false, imagePullSecrets: [{ name: "regcred" }] },
  { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: meta("web-data"), spec: { accessModes: ["ReadWriteOnce"], storageClassName: "standard", volumeMode: "Filesystem", resources: { requests: { storage: "10Gi" } } } },
  { apiVersion: "v1", kind: "ResourceQuota", metadata: meta("quota"), spec: { hard: { pods: "10", "requests.cpu": "4" }, scopeSelector: { matchExpressions: [{ scopeName: "PriorityClass", operator: "In", values: ["high"] }] } } },
  {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: meta("web"),
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Percent", value: 50, periodSeconds: 60 }], selectPolicy: "Max" } },
    },
  },
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", labels: { team: "a" } }, spec: { finalizers: ["kubernetes"] } },
] as unknown as KObject[];
