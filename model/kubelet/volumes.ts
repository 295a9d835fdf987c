/**
 * Where a pod's volumes keep their data (pkg/kubelet/volumemanager and the volume plugins under pkg/volume):
 * - emptyDir lives in the pod's directory under /var/lib/kubelet/pods/<uid>/volumes and is removed with the
 *   pod (emptyDir TearDown); configMap, projected, downwardAPI ... are materialized there the same way;
 * - hostPath is a directory of the node's disk that exists before and after the pod;
 * - secret is a tmpfs in the pod's directory (pkg/volume/secret: SetUpAt mounts a memory-backed emptyDir
 *   wrapper), filled from the Secret: it is never written to the node's disk and goes with the pod;
 * - gitRepo is an empty dir in the pod's directory into which the repository is cloned at the revision
 *   (pkg/volume/git_repo: SetUpAt runs git clone and git checkout), and goes with the pod;
 * - network volumes (gcePersistentDisk, awsElasticBlockStore, nfs, iscsi, flocker, glusterfs, rbd, and PVCs
 *   bound to such PVs) keep their data in the world, keyed by the volume identity ("disk:<id>"); unmounting
 *   them leaves the data where it is (model/kubelet/attach.ts).
 *
 * A location is "<type>:<where>", optionally followed by "?from=..." naming what filled it.
 */
import type { KObject } from "../objects/types.ts";
import { inlineDisk } from "./volume-sources.ts";

/** The location prefix of a hostPath volume in RuntimePod.volumes. */
export const HOST_PATH = "hostPath:";
/** The location prefix of a network volume: its data is the world's disk with this id. */
export const DISK = "disk:";

/** The volume plugin name of a volume source (the first source field set), e.g. "emptyDir". */
export function volumeType(v: Record<string, unknown>): string {
  for (const k of Object.keys(v)) if (k !== "name") return k;
  return "emptyDir";
}

/** "emptyDir" → "empty-dir": the plugin directory names (kubernetes.io~empty-dir). */
const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The directory of a volume inside the pod's directory. */
export const podVolumeDir = (uid: string, type: string, name: string): string => `/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~${kebab(type)}/${name}`;

/** Where a secret volume lives: a tmpfs in the pod's directory. */
export const secretLocation = (uid: string, volume: string): string => `secret:tmpfs:${podVolumeDir(uid, "secret", volume)}`;

/** The repository and revision a gitRepo volume is cloned at ("HEAD" when no revision is given). */
export function gitRepoLocation(uid: string, v: Record<string, any>): string {
  const g = v.gitRepo ?? {};
  const dir = typeof g.directory === "string" && g.directory !== "" && g.directory !== "." ? `&directory=${g.directory}` : "";
  return `gitRepo:${podVolumeDir(uid, "gitRepo", v.name)}?from=${g.repository ?? ""}@${g.revision || "HEAD"}${dir}`;
}

/**
 * Volume name → data location, for a pod started with uid `uid`, for every volume whose location follows from
 * the pod spec alone. A secret's location is completed with what filled it, and a PVC's is its bound PV's,
 * when the kubelet mounts them (pod-volumes.ts).
 */
export function volumeLocations(pod: KObject, uid: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of (pod.spec?.volumes ?? []) as Record<string, any>[]) {
    const type = volumeType(v);
    const disk = inlineDisk(v);
    if (type === "hostPath") out[v.name] = `${HOST_PATH}${v.hostPath?.path ?? ""}`;
    else if (disk) out[v.name] = `${DISK}${disk.id}`;
    else if (type === "secret") out[v.name] = secretLocation(uid, v.name);
    else if (type === "gitRepo") out[v.name] = gitRepoLocation(uid, v);
    else out[v.name] = `${type}:${podVolumeDir(uid, type, v.name)}`;
  }
  return out;
}

/** The hostPath directories a pod uses (created on the node's disk at pod start, DirectoryOrCreate). */
export function hostPathsOf(pod: KObject): string[] {
  const out: string[] = [];
  for (const v of (pod.spec?.volumes ?? []) as Record<string, any>[]) {
    const p = v.hostPath?.path;
    if (typeof p === "string" && p !== "" && !out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * The volumes left once the pod is killed: only hostPaths, which live on the node's disk. The pod's own
 * directory (emptyDir, secret tmpfs, gitRepo clone) is removed, and network volumes are unmounted — their data
 * stays on the disk in the world, which the kubelet then detaches (attach.ts releaseUnusedDisks).
 */
export function withoutPodDirectory(volumes: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, where] of Object.entries(volumes)) if (where.startsWith(HOST_PATH)) out[name] = where;
  return out;
}

/** The id of the network disk a location names, if it names one. */
export const diskIdOf = (location: string): string | undefined => (location.startsWith(DISK) ? location.slice(DISK.length) : undefined);
