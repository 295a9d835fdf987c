/** Test helpers for the protection controllers: a cluster without the admission plug-in, objects, requests. */
import type { KObject } from "../../../objects/types.ts";
import type { State } from "../../../state.ts";
import type { Action } from "../../../actions.ts";
import type { ApiRequest } from "../../../apiserver/request.ts";
import { bootstrap } from "../../../bootstrap.ts";
import { handle } from "../../../apiserver/handle.ts";
import { isStatus } from "../../../apiserver/status.ts";
import { step } from "../../../step.ts";

/** A cluster whose chain lacks StorageObjectInUseProtection (the Go controller tests run without admission). */
export function clusterWithoutProtectionAdmission(): State {
  const s = bootstrap();
  return { ...s, config: { ...s.config, admission: s.config.admission.filter((a) => a.name !== "StorageObjectInUseProtection") } };
}

/** A user request that must succeed; its result. */
export function must(s: State, req: ApiRequest): { state: State; object: KObject } {
  const r = handle(s, req);
  if (isStatus(r.result)) throw new Error(`${req.verb} ${req.resource}: ${r.result.code} ${r.result.message}`);
  return { state: r.state, object: r.result };
}

export const claim = (name: string, finalizers?: readonly string[]): KObject => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name, namespace: "default", ...(finalizers ? { finalizers } : {}) },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
});

export interface PodInput {
  readonly name?: string;
  readonly scheduled?: boolean;
  readonly claims?: readonly string[];
  readonly emptyDir?: boolean;
}

export const podObject = (p: PodInput): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: p.name ?? "pod1", namespace: "default" },
  spec: {
    ...(p.scheduled === false ? {} : { nodeName: "node1" }),
    containers: [{ name: "app", image: "busybox:1.36" }],
    // Volume names are DNS-1123 labels (ValidateVolumes); the Go test's fake client never validated its "emptyDir"
    // or "unrelatedPVC" volume names, so the volumes are numbered here and only the claim names are the test's.
    volumes: [...(p.claims ?? []).map((c, i) => ({ name: `claim-${i}`, persistentVolumeClaim: { claimName: c } })), ...(p.emptyDir ? [{ name: "empty-dir", emptyDir: {} }] : [])],
  },
});

/** Creates a pod and, unless Pending, writes its phase through the status subresource. */
export function createPod(s: State, p: PodInput, phase = "Pending"): { state: State; object: KObject } {
  let r = must(s, { verb: "create", resource: "pods", namespace: "default", object: podObject(p) });
  if (phase !== "Pending") r = must(r.state, { verb: "update", resource: "pods", namespace: "default", name: r.object.metadata.name!, subresource: "status", object: { ...r.object, status: { ...r.object.status, phase } } });
  return r;
}

export const getObject = (s: State, resource: string, name: string, namespace?: string): KObject | undefined => {
  const r = handle(s, { verb: "get", resource, ...(namespace ? { namespace } : {}), name });
  return isStatus(r.result) ? undefined : r.result;
};

export const run = (s: State, ...actions: Action[]): State => actions.reduce(step, s);
