/**
 * Column definitions and cells of the built-in kinds the model serves, as kube-apiserver's table convertor prints
 * them: AddHandlers and the print* functions of pkg/printers/internalversion/printers.go (v1.32). The server
 * always prints wide (pkg/printers/storage TableConvertor passes Wide: true), so every row carries the
 * priority-1 cells and kubectl drops them unless -o wide. Descriptions that upstream takes from the types'
 * SwaggerDoc are the first sentence of that doc (kubectl never shows them).
 */
import type { KObject } from "../../objects/types.ts";
import { formatLabels, labelSelectorAsSelector } from "../../labels/index.ts";
import { parseQuantity } from "../../quantity/index.ts";
import { translateTimestampSince } from "./duration.ts";
import { podCells, type TableRowCondition } from "./pod.ts";

/** metav1.TableColumnDefinition. */
export interface TableColumnDefinition {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

export const NAME_DESCRIPTION =
  "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
export const AGE_DESCRIPTION =
  "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

/** A column: [name, type, description, priority?, format?]. */
type Col = readonly [string, string, string, number?];
const col = ([name, type, description, priority]: Col): TableColumnDefinition => ({
  name,
  type,
  format: name === "Name" && type === "string" ? "name" : "",
  description,
  priority: priority ?? 0,
});
const NAME: Col = ["Name", "string", NAME_DESCRIPTION];
const AGE: Col = ["Age", "string", AGE_DESCRIPTION];
const CONTAINERS: Col = ["Containers", "string", "Names of each container in the template.", 1];
const IMAGES: Col = ["Images", "string", "Images referenced by each container in the template.", 1];

/** A kind's printer: its columns and the cells (and row conditions) of one object at logical time `now`. */
export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  readonly row: (o: KObject, now: number) => { cells: unknown[]; conditions?: TableRowCondition[] };
}

const printer = (cols: Col[], cells: (o: KObject, now: number) => unknown[]): Printer => ({
  columns: cols.map(col),
  row: (o, now) => ({ cells: cells(o, now) }),
});

const age = (o: KObject, now: number) => translateTimestampSince(o.metadata.creationTimestamp, now);

/** layoutContainerCells: container names and images, comma separated. */
function containerCells(containers: any[] | undefined): [string, string] {
  const cs = containers ?? [];
  return [cs.map((c) => c.name ?? "").join(","), cs.map((c) => c.image ?? "").join(",")];
}

/** The selector's String() (labels.Selector), or undefined when it does not parse. */
function selectorString(sel: unknown): string | undefined {
  try {
    return labelSelectorAsSelector(sel as any).toString();
  } catch {
    return undefined;
  }
}

/** metav1.FormatLabelSelector: "<none>" for an empty selector, "<error>" for an invalid one. */
const formatLabelSelector = (sel: unknown): string => {
  const s = selectorString(sel);
  return s === undefined ? "<error>" : s === "" ? "<none>" : s;
};

/** Quantity.String(): the canonical form; the text as stored if it does not parse. */
function quantityString(q: unknown): string {
  if (q === undefined || q === null) return "0";
  try {
    return parseQuantity(String(q)).toString();
  } catch {
    return String(q);
  }
}

/** GetAccessModesAsString (pkg/apis/core/helper): RWO, ROX, RWX, RWOP in that order, each once. */
function accessModes(modes: string[] | undefined): string {
  const has = (m: string) => (modes ?? []).includes(m);
  return [
    ["ReadWriteOnce", "RWO"],
    ["ReadOnlyMany", "ROX"],
    ["ReadWriteMany", "RWX"],
    ["ReadWriteOncePod", "RWOP"],
  ]
    .filter(([m]) => has(m!))
    .map(([, s]) => s)
    .join(",");
}

/** GetPersistentVolumeClass / GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName. */
const storageClass = (o: KObject): string =>
  o.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? o.spec?.storageClassName ?? "";

/** getServiceExternalIP (non-wide is never used: the server prints wide, so the load-balancer list is not clipped). */
function serviceExternalIP(svc: KObject): string {
  const external: string[] = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case "ClusterIP":
    case "NodePort":
      return external.length > 0 ? external.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = [...new Set<string>((svc.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip || i.hostname).filter(Boolean))].sort();
      if (external.length > 0) return [...lb, ...external].join(",");
      return lb.length > 0 ? lb.join(",") : "<pending>";
    }
    case "ExternalName":
      return svc.spec?.externalName ?? "";
    default:
      return "<unknown>";
  }
}

/** makePortString: "80/TCP" or "80:30080/TCP" per port, comma separated. */
const portString = (ports: any[] | undefined): string =>
  (ports ?? []).map((p) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(",");

/** formatEndpoints with ports=nil: up to three host:port (or bare IPs for port-less subsets), then "+ N more...". */
function formatEndpoints(ep: KObject): string {
  const subsets: any[] = (ep as any).subsets ?? [];
  if (subsets.length === 0) return "<none>";
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  const add = (s: string) => {
    if (list.length === max) more = true;
    if (!more) list.push(s);
    count++;
  };
  for (const ss of subsets) {
    const addresses: any[] = ss.addresses ?? [];
    if ((ss.ports ?? []).length === 0) for (const a of addresses) add(a.ip);
    else for (const port of ss.ports) for (const a of addresses) add(a.ip.includes(":") ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** findNodeRoles: node-role.kubernetes.io/<role> labels and the kubernetes.io/role value, sorted, deduplicated. */
function nodeRoles(node: KObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const role = k.slice("node-role.kubernetes.io/".length);
      if (role) roles.add(role);
    } else if (k === "kubernetes.io/role" && v !== "") roles.add(v);
  }
  const sorted = [...roles].sort();
  return sorted.length > 0 ? sorted.join(",") : "<none>";
}

function nodeStatus(node: KObject): string {
  const ready = [...(node.status?.conditions ?? [])].reverse().find((c: any) => c.type === "Ready");
  const status = ready ? [ready.status === "True" ? "Ready" : "NotReady"] : ["Unknown"];
  if (node.spec?.unschedulable) status.push("SchedulingDisabled");
  return status.join(",");
}

const nodeAddress = (node: KObject, type: string): string =>
  (node.status?.addresses ?? []).find((a: any) => a.type === type)?.address ?? "<none>";

/** formatEventSource: component (or reportingComponent, Go's ReportingController), then ", host" (or reportingInstance). */
function eventSource(ev: any): string {
  const component = ev.source?.component || ev.reportingComponent || "";
  const instance = ev.source?.host || ev.reportingInstance || "";
  return instance ? `${component}, ${instance}` : component;
}

function eventCells(ev: any, now: number): unknown[] {
  let first = translateTimestampSince(ev.firstTimestamp, now);
  if (!ev.firstTimestamp) first = translateTimestampSince(ev.eventTime, now);
  let last = ev.lastTimestamp ? translateTimestampSince(ev.lastTimestamp, now) : first;
  let count = ev.count ?? 0;
  if (ev.series) {
    last = translateTimestampSince(ev.series.lastObservedTime, now);
    count = ev.series.count ?? 0;
  } else if (count === 0) count = 1; // singleton events of the new API carry no count
  const kind = String(ev.involvedObject?.kind ?? "").toLowerCase();
  const target = ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
  return [last, ev.type ?? "", ev.reason ?? "", target, ev.involvedObject?.fieldPath ?? "", eventSource(ev), String(ev.message ?? "").trim(), first, count, ev.metadata.name];
}

/** formatHPAMetrics: the first two metrics as current/target, then "+ N more...". */
function hpaMetrics(hpa: KObject): string {
  const specs: any[] = hpa.spec?.metrics ?? [];
  const statuses: any[] = hpa.status?.currentMetrics ?? [];
  if (specs.length === 0) return "<none>";
  const q = (v: unknown) => quantityString(v);
  const list = specs.map((spec, i) => {
    const st = statuses[i];
    switch (spec.type) {
      case "External":
      case "Object": {
        const key = spec.type === "External" ? "external" : "object";
        const target = spec[key]?.target ?? {};
        const cur = st?.[key]?.current;
        if (target.averageValue !== undefined) return `${cur?.averageValue !== undefined ? q(cur.averageValue) : "<unknown>"}/${q(target.averageValue)} (avg)`;
        return `${st?.[key] ? q(cur?.value) : "<unknown>"}/${q(target.value)}`;
      }
      case "Pods":
        return `${st?.pods ? q(st.pods.current?.averageValue) : "<unknown>"}/${q(spec.pods?.target?.averageValue)}`;
      case "Resource":
      case "ContainerResource": {
        const key = spec.type === "Resource" ? "resource" : "containerResource";
        const target = spec[key]?.target ?? {};
        const cur = st?.[key]?.current;
        if (target.averageValue !== undefined) return `${spec[key].name}: ${st?.[key] ? q(cur?.averageValue) : "<unknown>"}/${q(target.averageValue)}`;
        const current = cur?.averageUtilization !== undefined ? `${cur.averageUtilization}%` : "<unknown>";
        const want = target.averageUtilization !== undefined ? `${target.averageUtilization}%` : "<auto>";
        return `${spec[key]?.name}: ${current}/${want}`;
      }
      default:
        return "<unknown type>";
    }
  });
  return list.length > 2 ? `${list.slice(0, 2).join(", ")} + ${list.length - 2} more...` : list.join(", ");
}

/** printResourceQuota: "resource: used/hard" for each hard resource, by name; limits.* go to the Limit column. */
function quotaCells(rq: KObject, now: number): unknown[] {
  const hard: Record<string, unknown> = rq.status?.hard ?? {};
  const used: Record<string, unknown> = rq.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const pieces = name.split(".");
    (pieces.length > 1 && pieces[0] === "limits" ? limit : request).push(`${name}: ${quantityString(used[name])}/${quantityString(hard[name])}`);
  }
  return [rq.metadata.name, request.join(", "), limit.join(", "), age(rq, now)];
}

/** By kind (built-in kinds only; custom resources are printed from their CRD's columns). */
export const PRINTERS: Readonly<Record<string, Printer>> = {
  Pod: {
    columns: [
      NAME,
      ["Ready", "string", "The aggregate readiness state of this pod for accepting traffic."],
      ["Status", "string", "The aggregate status of the containers in this pod."],
      ["Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."],
      AGE,
      ["IP", "string", "podIP address allocated to the pod.", 1],
      ["Node", "string", "NodeName indicates in which node this pod is scheduled.", 1],
      ["Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.", 1],
      ["Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness.", 1],
    ].map((c) => col(c as Col)),
    row: podCells,
  },
  ReplicationController: printer(
    [NAME, ["Desired", "integer", "Replicas is the number of desired replicas."], ["Current", "integer", "Replicas is the most recently observed number of replicas."], ["Ready", "integer", "The number of ready replicas for this replication controller."], AGE, CONTAINERS, IMAGES, ["Selector", "string", "Selector is a label query over pods that should match the Replicas count.", 1]],
    (o, now) => [o.metadata.name, o.spec?.replicas ?? 1, o.status?.replicas ?? 0, o.status?.readyReplicas ?? 0, age(o, now), ...containerCells(o.spec?.template?.spec?.containers), formatLabels(o.spec?.selector)],
  ),
  ReplicaSet: printer(
    [NAME, ["Desired", "integer", "Replicas is the number of desired replicas."], ["Current", "integer", "Replicas is the most recently observed number of replicas."], ["Ready", "integer", "The number of ready replicas for this replica set."], AGE, CONTAINERS, IMAGES, ["Selector", "string", "Selector is a label query over pods that should match the replica count.", 1]],
    (o, now) => [o.metadata.name, o.spec?.replicas ?? 1, o.status?.replicas ?? 0, o.status?.readyReplicas ?? 0, age(o, now), ...containerCells(o.spec?.template?.spec?.containers), formatLabelSelector(o.spec?.selector)],
  ),
  Deployment: printer(
    [NAME, ["Ready", "string", "Number of the pod with ready state"], ["Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."], ["Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."], AGE, CONTAINERS, IMAGES, ["Selector", "string", "Label selector for pods.", 1]],
    (o, now) => [
      o.metadata.name,
      `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`,
      o.status?.updatedReplicas ?? 0,
      o.status?.availableReplicas ?? 0,
      age(o, now),
      ...containerCells(o.spec?.template?.spec?.containers),
      selectorString(o.spec?.selector) ?? "<invalid>",
    ],
  ),
  Service: printer(
    [NAME, ["Type", "string", "type determines how the Service is exposed."], ["Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly."], ["External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."], ["Port(s)", "string", "The list of ports that are exposed by this service."], AGE, ["Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", 1]],
    (o, now) => [o.metadata.name, o.spec?.type ?? "", o.spec?.clusterIPs?.[0] ?? "<none>", serviceExternalIP(o), portString(o.spec?.ports) || "<none>", age(o, now), formatLabels(o.spec?.selector)],
  ),
  Endpoints: printer([NAME, ["Endpoints", "string", "The set of all endpoints is the union of all subsets."], AGE], (o, now) => [o.metadata.name, formatEndpoints(o), age(o, now)]),
  Node: printer(
    [NAME, ["Status", "string", "The status of the node"], ["Roles", "string", "The roles of the node"], AGE, ["Version", "string", "Kubelet Version reported by the node."], ["Internal-IP", "string", "List of addresses reachable to the node.", 1], ["External-IP", "string", "List of addresses reachable to the node.", 1], ["OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1], ["Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1], ["Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1]],
    (o, now) => {
      const info = o.status?.nodeInfo ?? {};
      return [o.metadata.name, nodeStatus(o), nodeRoles(o), age(o, now), info.kubeletVersion ?? "", nodeAddress(o, "InternalIP"), nodeAddress(o, "ExternalIP"), info.osImage || "<unknown>", info.kernelVersion || "<unknown>", info.containerRuntimeVersion || "<unknown>"];
    },
  ),
  Event: printer(
    [["Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."], ["Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"], ["Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."], ["Object", "string", "The object that this event is about."], ["Subobject", "string", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.", 1], ["Source", "string", "The component reporting this event. Should be a short machine understandable string.", 1], ["Message", "string", "A human-readable description of the status of this operation."], ["First Seen", "string", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1], ["Count", "string", "The number of times this event has occurred.", 1], ["Name", "string", NAME_DESCRIPTION, 1]],
    (o, now) => eventCells(o, now),
  ),
  Namespace: printer([NAME, ["Status", "string", "The status of the namespace"], AGE], (o, now) => [o.metadata.name, o.status?.phase ?? "", age(o, now)]),
  Secret: printer([NAME, ["Type", "string", "Used to facilitate programmatic handling of secret data."], ["Data", "string", "Data contains the secret data."], AGE], (o, now) => [o.metadata.name, (o as any).type ?? "", Object.keys((o as any).data ?? {}).length, age(o, now)]),
  ServiceAccount: printer([NAME, ["Secrets", "string", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."], AGE], (o, now) => [o.metadata.name, ((o as any).secrets ?? []).length, age(o, now)]),
  PersistentVolume: printer(
    [NAME, ["Capacity", "string", "capacity is the description of the persistent volume's resources and capacity."], ["Access Modes", "string", "accessModes contains all ways the volume can be mounted."], ["Reclaim Policy", "string", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim."], ["Status", "string", "phase indicates if a volume is available, bound to a claim, or released by a claim."], ["Claim", "string", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."], ["StorageClass", "string", "StorageClass of the pv"], ["VolumeAttributesClass", "string", "VolumeAttributesClass of the pv"], ["Reason", "string", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."], AGE, ["VolumeMode", "string", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.", 1]],
    (o, now) => {
      const claim = o.spec?.claimRef ? `${o.spec.claimRef.namespace ?? ""}/${o.spec.claimRef.name ?? ""}` : "";
      const phase = o.metadata.deletionTimestamp ? "Terminating" : (o.status?.phase ?? "");
      return [o.metadata.name, quantityString(o.spec?.capacity?.storage), accessModes(o.spec?.accessModes), o.spec?.persistentVolumeReclaimPolicy ?? "", phase, claim, storageClass(o), o.spec?.volumeAttributesClassName ?? "<unset>", o.status?.reason ?? "", age(o, now), o.spec?.volumeMode ?? "<unset>"];
    },
  ),
  PersistentVolumeClaim: printer(
    [NAME, ["Status", "string", "phase represents the current phase of PersistentVolumeClaim."], ["Volume", "string", "volumeName is the binding reference to the PersistentVolume backing this claim."], ["Capacity", "string", "capacity represents the actual resources of the underlying volume."], ["Access Modes", "string", "accessModes contains the actual access modes the volume backing the PVC has."], ["StorageClass", "string", "StorageClass of the pvc"], ["VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"], AGE, ["VolumeMode", "string", "volumeMode defines what type of volume is required by the claim.", 1]],
    (o, now) => {
      const phase = o.metadata.deletionTimestamp ? "Terminating" : (o.status?.phase ?? "");
      const bound = Boolean(o.spec?.volumeName);
      return [o.metadata.name, phase, o.spec?.volumeName ?? "", bound ? quantityString(o.status?.capacity?.storage) : "", bound ? accessModes(o.status?.accessModes) : "", storageClass(o), o.spec?.volumeAttributesClassName ?? "<unset>", age(o, now), o.spec?.volumeMode ?? "<unset>"];
    },
  ),
  ResourceQuota: printer([NAME, ["Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."], ["Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."], AGE], quotaCells),
  HorizontalPodAutoscaler: printer(
    [NAME, ["Reference", "string", "scaleTargetRef points to the target resource to scale."], ["Targets", "string", "metrics contains the specifications for which to use to calculate the desired replica count."], ["MinPods", "string", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down."], ["MaxPods", "string", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up."], ["Replicas", "string", "currentReplicas is current number of replicas of pods managed by this autoscaler."], AGE],
    (o, now) => [o.metadata.name, `${o.spec?.scaleTargetRef?.kind ?? ""}/${o.spec?.scaleTargetRef?.name ?? ""}`, hpaMetrics(o), o.spec?.minReplicas !== undefined ? String(o.spec.minReplicas) : "<unset>", o.spec?.maxReplicas ?? 0, o.status?.currentReplicas ?? 0, age(o, now)],
  ),
  ConfigMap: printer([NAME, ["Data", "string", "Data contains the configuration data."], AGE], (o, now) => [o.metadata.name, Object.keys((o as any).data ?? {}).length + Object.keys((o as any).binaryData ?? {}).length, age(o, now)]),
  // printPriorityClass: the value an int64, globalDefault a boolean cell, preemptionPolicy "" when unset.
  PriorityClass: printer(
    [
      NAME,
      ["Value", "integer", "value represents the integer value of this priority class."],
      ["Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class."],
      AGE,
      ["PreemptionPolicy", "string", "preemptionPolicy is the Policy for preempting pods with lower priority."],
    ],
    (o, now) => [o.metadata.name, (o as any).value ?? 0, (o as any).globalDefault ?? false, age(o, now), (o as any).preemptionPolicy ?? ""],
  ),
  Lease: printer([NAME, ["Holder", "string", "holderIdentity contains the identity of the holder of a current lease."], AGE], (o, now) => [o.metadata.name, o.spec?.holderIdentity ?? "", age(o, now)]),
};
