/**
 * The storage scope: PersistentVolumes and PersistentVolumeClaims and the PV controller (binder and reclaimer).
 * Volumes of different sizes, classes, access modes, reclaim policies and volume types (nfs recycles, gce
 * deletes, iscsi cannot be deleted, one volume is pre-bound to a claim name); claims created and deleted by the
 * user, one of them naming its volume; faults: the controller restarts (its local caches are lost) and etcd
 * compacts (its informers relist). Informer lag is the informer.sync actions themselves: a reconcile may run on
 * caches that have not seen the last writes.
 *
 * Users delete only volumes that are not Bound. Deleting a Bound one would only be held by the pv-protection
 * finalizer (controllers/volume/pvprotection) until its claim goes; it is not offered, so that the scope branches
 * as it did when the zoo's budgets were set. Deleted claims go through the pvc-protection finalizer (no pod uses
 * them here: the pvc-protection controller lets them go at its next sync).
 */
import type { Action } from "../../model/actions.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { Scope } from "./types.ts";
import { user } from "./common.ts";
import { objectsUnder } from "../../invariants/objects.ts";
import { bootstrap } from "../../model/bootstrap.ts";
import { uidFor } from "../../model/apiserver/names.ts";
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER } from "../../model/controllers/volume/persistentvolume/constants.ts";
import { lazy } from "../../model/collections/memo.ts";

const PV_BINDER = "kube-controller-manager/persistentvolume-binder";
/** Users delete volumes in these phases only (not Bound, and not Pending: a restored volume may be bound). */
const DELETABLE_PHASES: readonly unknown[] = ["Available", "Released", "Failed"];

interface VolumeTemplate {
  readonly size: string;
  readonly modes: readonly string[];
  readonly policy: "Retain" | "Delete" | "Recycle";
  readonly source: Record<string, unknown>;
  readonly storageClassName?: string;
  readonly claimRef?: { readonly namespace: string; readonly name: string };
}

const volume = (name: string, t: VolumeTemplate): KObject => ({
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name },
  spec: {
    capacity: { storage: t.size },
    accessModes: t.modes,
    persistentVolumeReclaimPolicy: t.policy,
    ...(t.storageClassName ? { storageClassName: t.storageClassName } : {}),
    ...(t.claimRef ? { claimRef: { kind: "PersistentVolumeClaim", apiVersion: "v1", ...t.claimRef } } : {}),
    ...t.source,
  },
});

const claim = (name: string, size: string, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name, namespace: "default" },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } }, ...extra },
});

const gce = (name: string) => ({ gcePersistentDisk: { pdName: `disk-${name}` } });

/** The volumes users create (and re-create), by name. */
const VOLUMES: readonly KObject[] = [
  volume("pv-a", { size: "1Gi", modes: ["ReadWriteOnce"], policy: "Delete", source: gce("pv-a") }),
  volume("pv-b", { size: "1Gi", modes: ["ReadWriteOnce"], policy: "Retain", source: gce("pv-b") }),
  volume("pv-c", { size: "2Gi", modes: ["ReadWriteOnce"], policy: "Delete", source: { hostPath: { path: "/tmp/pv-c" } } }),
  volume("pv-nfs", { size: "5Gi", modes: ["ReadWriteOnce", "ReadWriteMany"], policy: "Recycle", source: { nfs: { server: "nfs.example.com", path: "/exports/pv-nfs" } } }),
  volume("pv-iscsi", { size: "1Gi", modes: ["ReadWriteOnce"], policy: "Delete", source: { iscsi: { targetPortal: "10.0.0.1:3260", iqn: "iqn.2026-01.com.example:pv-iscsi", lun: 0 } } }),
  volume("pv-fast", { size: "1Gi", modes: ["ReadWriteOnce"], policy: "Delete", storageClassName: "fast", source: gce("pv-fast") }),
  volume("pv-reserved", { size: "1Gi", modes: ["ReadWriteOnce"], policy: "Retain", claimRef: { namespace: "default", name: "data-pre" }, source: gce("pv-reserved") }),
];

/** The claims users create (and re-create), by name. */
const CLAIMS: readonly KObject[] = [
  claim("data-a", "1Gi"),
  claim("data-b", "1Gi"),
  claim("data-c", "1Gi"),
  claim("data-big", "3Gi"),
  claim("data-rwx", "1Gi", { accessModes: ["ReadWriteMany"] }),
  claim("data-fast", "1Gi", { storageClassName: "fast" }),
  claim("data-pre", "1Gi"),
  claim("data-named", "1Gi", { volumeName: "pv-b" }),
];

/**
 * The initial cluster, as a restarted control plane finds it in etcd: claim data-a and volume pv-a bound to each
 * other (claimRef with the claim's uid, volumeName, the controller's annotations; the API resets their status
 * phases to Pending on create), a free volume pv-b and a Pending claim data-b that fits it. The claim is created
 * first, so its uid is the one the API server gives out right after bootstrap.
 */
function restoredCluster(): KObject[] {
  const uid = uidFor(bootstrap().api.nextUid);
  const bound = { [ANN_BIND_COMPLETED]: "yes", [ANN_BOUND_BY_CONTROLLER]: "yes" };
  const c = CLAIMS[0]!;
  const v = VOLUMES[0]!;
  return [
    { ...c, metadata: { ...c.metadata, annotations: bound }, spec: { ...c.spec, volumeName: v.metadata.name } },
    { ...v, metadata: { ...v.metadata, annotations: { [ANN_BOUND_BY_CONTROLLER]: "yes" } }, spec: { ...v.spec, claimRef: { kind: "PersistentVolumeClaim", apiVersion: "v1", namespace: "default", name: c.metadata.name, uid } } },
    VOLUMES[1]!,
    CLAIMS[1]!,
  ];
}

/** The restored cluster, built on first use (bootstrap is not run while the scopes load). */
const initialObjects = lazy(restoredCluster);

/** Volumes, claims and the PV controller, with restarts, compaction and informer lag. */
export const storage: Scope = {
  id: "storage",
  description: "PersistentVolumes (sizes, classes, access modes, Retain/Delete/Recycle) and claims created and deleted by the user; the PV controller binding and reclaiming; controller restarts, compaction, informer lag",
  needs: ["persistentvolume-binder-controller"],
  nodes: [],
  get objects() {
    return initialObjects();
  },
  ops(state) {
    const out: Action[] = [];
    const pvs = new Map(objectsUnder(state, "/registry/persistentvolumes/").map((v) => [v.metadata.name!, v]));
    const pvcs = new Map(objectsUnder(state, "/registry/persistentvolumeclaims/default/").map((c) => [c.metadata.name!, c]));
    for (const c of CLAIMS) {
      const name = c.metadata.name!;
      out.push(pvcs.has(name) ? user({ verb: "delete", resource: "persistentvolumeclaims", namespace: "default", name }) : user({ verb: "create", resource: "persistentvolumeclaims", namespace: "default", object: c }));
    }
    for (const v of VOLUMES) {
      const name = v.metadata.name!;
      const live = pvs.get(name);
      if (!live) out.push(user({ verb: "create", resource: "persistentvolumes", object: v }));
      else if (DELETABLE_PHASES.includes(live.status?.phase)) out.push(user({ verb: "delete", resource: "persistentvolumes", name }));
    }
    return out;
  },
  faults() {
    return [{ type: "component.restart", component: PV_BINDER }, { type: "store.compact" }];
  },
  maxFaults: 2,
  settleTime: 30,
};
