/**
 * Network volume sources and their identity: which in-tree plugin serves a volume source, the unique name the
 * plugin gives the volume (its GetVolumeName: the pdName of a GCE PD, server and path of an NFS export, ...),
 * and whether an attachment is exclusive to one node.
 *
 * Exclusivity follows the two places Kubernetes enforces it:
 * - a PersistentVolume: pkg/volume/util/operationexecutor (isMultiAttachAllowed, used by the attach-detach
 *   controller's Multi-Attach check): no access modes → allowed; ReadWriteMany or ReadOnlyMany → allowed;
 *   otherwise (ReadWriteOnce, ReadWriteOncePod) the volume attaches to one node. The check runs only for
 *   attachable plugins (the attach step is where it happens): NFS, GlusterFS and Flocker are mounted, never
 *   attached, so Kubernetes never holds them to one node, whatever the PV's access modes say.
 * - an inline volume: the plugin docs' rule (a GCE PD, an iSCSI LUN, an RBD image may be mounted read-write by a
 *   single consumer, read-only by many; an EBS volume attaches to one instance) that the cloud's attach call and
 *   RBD's lock enforce.
 */
import type { KObject } from "../objects/types.ts";

/** A network volume a pod needs, as its kubelet attaches and mounts it. */
export interface DiskRef {
  /** "<plugin short name>/<unique volume name>", the key of world.disks. */
  readonly id: string;
  /** The plugin name, e.g. "kubernetes.io/gce-pd". */
  readonly plugin: string;
  /** Attached read-write to one node: no other node may have it attached meanwhile. */
  readonly exclusive: boolean;
  /** The name in attach messages (volume.Spec.Name(): the pod's volume name, or the PV's name). */
  readonly displayName: string;
}

interface NetworkPlugin {
  readonly plugin: string;
  /** Whether the plugin has an attach step (volume.AttachableVolumePlugin). */
  readonly attachable: boolean;
  /** The unique volume name. */
  id(src: Record<string, any>): string;
  /** Whether an inline use of this source holds the volume to one node. */
  inlineExclusive(src: Record<string, any>): boolean;
}

const notReadOnly = (src: Record<string, any>) => src.readOnly !== true;

/** The network volume sources, by their field name in a VolumeSource / PersistentVolumeSource. */
export const NETWORK_PLUGINS: Readonly<Record<string, NetworkPlugin>> = {
  gcePersistentDisk: { plugin: "kubernetes.io/gce-pd", attachable: true, id: (s) => `gce-pd/${s.pdName}`, inlineExclusive: notReadOnly },
  awsElasticBlockStore: { plugin: "kubernetes.io/aws-ebs", attachable: true, id: (s) => `aws-ebs/${s.volumeID}`, inlineExclusive: () => true },
  iscsi: { plugin: "kubernetes.io/iscsi", attachable: true, id: (s) => `iscsi/${s.targetPortal}:${s.iqn}:${s.lun}`, inlineExclusive: notReadOnly },
  rbd: { plugin: "kubernetes.io/rbd", attachable: true, id: (s) => `rbd/${s.pool ?? "rbd"}/${s.image}`, inlineExclusive: notReadOnly },
  nfs: { plugin: "kubernetes.io/nfs", attachable: false, id: (s) => `nfs/${s.server}:${s.path}`, inlineExclusive: () => false },
  glusterfs: { plugin: "kubernetes.io/glusterfs", attachable: false, id: (s) => `glusterfs/${s.endpoints}:${s.path}`, inlineExclusive: () => false },
  flocker: { plugin: "kubernetes.io/flocker", attachable: false, id: (s) => `flocker/${s.datasetName ?? s.datasetUUID}`, inlineExclusive: () => false },
  csi: { plugin: "kubernetes.io/csi", attachable: true, id: (s) => `csi/${s.driver}/${s.volumeHandle}`, inlineExclusive: () => false },
};

/** The network source field set in a volume source, if any (e.g. "nfs"). */
export function networkSourceOf(source: Record<string, any> | undefined): string | undefined {
  if (!source) return undefined;
  for (const k of Object.keys(source)) if (k !== "name" && Object.hasOwn(NETWORK_PLUGINS, k) && source[k] != null) return k;
  return undefined;
}

/** The disk an inline pod volume names (undefined when it is not a network volume; csi inline is not one here). */
export function inlineDisk(volume: Record<string, any>): DiskRef | undefined {
  const type = networkSourceOf(volume);
  if (!type || type === "csi") return undefined;
  const p = NETWORK_PLUGINS[type]!;
  const src = volume[type];
  return { id: p.id(src), plugin: p.plugin, exclusive: p.inlineExclusive(src), displayName: volume.name };
}

/** isMultiAttachAllowed for a PersistentVolume (pkg/volume/util/operationexecutor/operation_generator.go). */
export function isMultiAttachAllowed(pv: KObject): boolean {
  const modes: string[] = pv.spec?.accessModes ?? [];
  if (modes.length === 0) return true;
  return modes.some((m) => m === "ReadWriteMany" || m === "ReadOnlyMany");
}

/** The disk a PersistentVolume's source names (undefined when the PV is not a network volume). */
export function persistentVolumeDisk(pv: KObject): DiskRef | undefined {
  const type = networkSourceOf(pv.spec);
  if (!type) return undefined;
  const p = NETWORK_PLUGINS[type]!;
  return { id: p.id(pv.spec[type]), plugin: p.plugin, exclusive: p.attachable && !isMultiAttachAllowed(pv), displayName: pv.metadata.name! };
}

/** The node-local directory a PersistentVolume names (hostPath or local), if it is one. */
export function persistentVolumeLocalPath(pv: KObject): string | undefined {
  const p = pv.spec?.hostPath?.path ?? pv.spec?.local?.path;
  return typeof p === "string" && p !== "" ? p : undefined;
}
