/**
 * Where a pod's volumes keep their data (pkg/kubelet/volumemanager and the volume plugins): an emptyDir lives
 * in the pod's directory under /var/lib/kubelet/pods/<uid>/volumes and is removed with the pod (emptyDir
 * TearDown); a hostPath is a directory of the node's disk that exists before and after the pod. Other volume
 * types (configMap, secret, projected, ...) are materialized in the pod directory like an emptyDir.
 */
import type { KObject } from "../objects/types.ts";

/** The location prefix of a hostPath volume in RuntimePod.volumes. */
export const HOST_PATH = "hostPath:";

/** The volume plugin name of a volume source (the first source field set), e.g. "emptyDir". */
function volumeType(v: Record<string, unknown>): string {
  for (const k of Object.keys(v)) if (k !== "name") return k;
  return "emptyDir";
}

/** Volume name → data location, for a pod started with uid `uid`. */
export function volumeLocations(pod: KObject, uid: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of (pod.spec?.volumes ?? []) as Record<string, any>[]) {
    const type = volumeType(v);
    if (type === "hostPath") out[v.name] = `${HOST_PATH}${v.hostPath?.path ?? ""}`;
    else out[v.name] = `${type}:/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~${kebab(type)}/${v.name}`;
  }
  return out;
}

/** "emptyDir" → "empty-dir": the plugin directory names (kubernetes.io~empty-dir). */
const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The hostPath directories a pod uses (created on the node's disk at pod start, DirectoryOrCreate). */
export function hostPathsOf(pod: KObject): string[] {
  const out: string[] = [];
  for (const v of (pod.spec?.volumes ?? []) as Record<string, any>[]) {
    const p = v.hostPath?.path;
    if (typeof p === "string" && p !== "" && !out.includes(p)) out.push(p);
  }
  return out;
}

/** The volumes left once the pod's own directory is removed: only hostPaths, which live on the node's disk. */
export function withoutPodDirectory(volumes: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, where] of Object.entries(volumes)) if (where.startsWith(HOST_PATH)) out[name] = where;
  return out;
}
