/** Test helpers for the PV controller: volumes, claims, a cluster, reads from the store. */
import type { KObject } from "../../../objects/types.ts";
import { componentAt, type State } from "../../../state.ts";
import { bootstrap } from "../../../bootstrap.ts";
import { handle } from "../../../apiserver/handle.ts";
import { isStatus } from "../../../apiserver/status.ts";
import { btreePrefix } from "../../../collections/btree.ts";
import { PV_CONTROLLER_ID, PV_CONTROLLER_KIND } from "./constants.ts";
import type { PvControllerMemory } from "./local-store.ts";
import { withVariant, type Options } from "../../../config.ts";
import { step } from "../../../step.ts";
import { queueLength } from "../../../informers/workqueue.ts";

export interface PvInput {
  readonly size: string;
  readonly modes?: readonly string[];
  readonly policy?: "Retain" | "Delete" | "Recycle";
  readonly class?: string;
  /** Volume source: nfs (recyclable), gce (deletable), hostPath:/path. */
  readonly source?: "nfs" | "gce" | "iscsi" | `hostPath:${string}`;
  readonly claimRef?: { readonly namespace: string; readonly name: string };
  readonly labels?: Readonly<Record<string, string>>;
}

export function pv(name: string, o: PvInput): KObject {
  const src = o.source ?? "gce";
  const source =
    src === "nfs"
      ? { nfs: { server: "nfs.example.com", path: `/exports/${name}` } }
      : src === "iscsi"
        ? { iscsi: { targetPortal: "10.0.0.1:3260", iqn: "iqn.2026-01.com.example:storage", lun: 0 } }
        : src.startsWith("hostPath:")
          ? { hostPath: { path: src.slice("hostPath:".length) } }
          : { gcePersistentDisk: { pdName: `disk-${name}` } };
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      capacity: { storage: o.size },
      accessModes: o.modes ?? ["ReadWriteOnce"],
      persistentVolumeReclaimPolicy: o.policy ?? "Retain",
      ...(o.class ? { storageClassName: o.class } : {}),
      ...(o.claimRef ? { claimRef: { kind: "PersistentVolumeClaim", apiVersion: "v1", ...o.claimRef } } : {}),
      ...source,
    },
  };
}

export interface PvcInput {
  readonly size: string;
  readonly modes?: readonly string[];
  readonly class?: string;
  readonly volumeName?: string;
  readonly namespace?: string;
  readonly selector?: unknown;
}

export function pvc(name: string, o: PvcInput): KObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: o.namespace ?? "default" },
    spec: {
      accessModes: o.modes ?? ["ReadWriteOnce"],
      resources: { requests: { storage: o.size } },
      ...(o.class ? { storageClassName: o.class } : {}),
      ...(o.volumeName ? { volumeName: o.volumeName } : {}),
      ...(o.selector ? { selector: o.selector } : {}),
    },
  };
}

/** A user request that must succeed. */
export function must(s: State, req: Parameters<typeof handle>[1]): State {
  const r = handle(s, req);
  if (isStatus(r.result)) throw new Error(`${req.verb} ${req.resource}: ${r.result.code} ${r.result.message}`);
  return r.state;
}

export const createPv = (s: State, o: KObject) => must(s, { verb: "create", resource: "persistentvolumes", object: o });
export const createPvc = (s: State, o: KObject) => must(s, { verb: "create", resource: "persistentvolumeclaims", namespace: o.metadata.namespace!, object: o });
export const deletePvc = (s: State, name: string, namespace = "default") => must(s, { verb: "delete", resource: "persistentvolumeclaims", namespace, name });

export function getPv(s: State, name: string): KObject | undefined {
  const r = handle(s, { verb: "get", resource: "persistentvolumes", name });
  return isStatus(r.result) ? undefined : r.result;
}

export function getPvc(s: State, name: string, namespace = "default"): KObject | undefined {
  const r = handle(s, { verb: "get", resource: "persistentvolumeclaims", namespace, name });
  return isStatus(r.result) ? undefined : r.result;
}

/** Reasons of the Events recorded about an object, in store order. */
export function eventReasons(s: State, name: string): string[] {
  const out: string[] = [];
  for (const [, kv] of btreePrefix(s.store.kvs, "/registry/events/")) if ((kv.value as any).involvedObject?.name === name) out.push((kv.value as any).reason);
  return out;
}

/** The PV controller's local memory. */
export const pvMemory = (s: State) => componentAt<PvControllerMemory>(s, PV_CONTROLLER_ID)!.memory;

export const cluster = (): State => bootstrap();

/** The same cluster with the PV controller's options set (a bug-zoo variant, from the next step on). */
export const withPvOptions = (s: State, options: Options): State => ({ ...s, config: withVariant(s.config, { components: { [PV_CONTROLLER_KIND]: options } }) });

/**
 * Runs one protection controller (kube-controller-manager/pvc-protection or pv-protection) alone: its informers
 * catch up and it works its queue empty, every other component standing still. A user's delete of a claim or a
 * volume is held by the protection finalizer until then (StorageObjectInUseProtection).
 */
export function runProtection(s: State, id: "kube-controller-manager/pvc-protection" | "kube-controller-manager/pv-protection"): State {
  const resources = id.endsWith("pvc-protection") ? ["persistentvolumeclaims", "pods"] : ["persistentvolumes"];
  for (const resource of resources) s = step(s, { type: "informer.sync", component: id, resource });
  for (let i = 0; i < 100 && queueLength(componentAt(s, id)!.queue) > 0; i++) s = step(s, { type: "reconcile", component: id });
  return s;
}

/** A user deletes volume `name`; the pv-protection controller, alone, lets it go (when it is not Bound). */
export const deletePvThroughProtection = (s: State, name: string): State => runProtection(must(s, { verb: "delete", resource: "persistentvolumes", name }), "kube-controller-manager/pv-protection");

/** A user deletes claim `name`; the pvc-protection controller, alone, lets it go (when no pod uses it). */
export const deletePvcThroughProtection = (s: State, name: string, namespace = "default"): State =>
  runProtection(must(s, { verb: "delete", resource: "persistentvolumeclaims", namespace, name }), "kube-controller-manager/pvc-protection");
