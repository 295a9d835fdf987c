import type { Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { Scope } from "./types.ts";
import { user } from "./common.ts";
import { objectsUnder } from "../../invariants/objects.ts";
import { storeGet } from "../../model/store/store.ts";
import { btreeGet } from "../../model/collections/btree.ts";
import { componentActions } from "../../model/enabled.ts";
import type { Runtime } from "../../model/components/kinds.ts";
import { QUOTA_ADMISSION_INFORMER_ID } from "../../model/controllers/resourcequota/admission-informer.ts";
import { RESOURCEQUOTA_CONTROLLER_ID } from "../../model/controllers/resourcequota/controller.ts";

/** The scope's quota, in namespace default. */
export const QUOTA_NAME = "compute";

/** The hard pod counts the user switches between. */
const HARD_PODS = ["3", "1"] as const;

const quota: KObject = {
  apiVersion: "v1",
  kind: "ResourceQuota",
  metadata: { name: QUOTA_NAME, namespace: "default" },
  spec: { hard: { pods: HARD_PODS[0], "requests.cpu": "2" } },
};

/** A pod that asks for 300m CPU (the quota covers it: it names requests.cpu). */
const pod = (name?: string): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: name ? { name, namespace: "default" } : { generateName: "job-", namespace: "default" },
  spec: { containers: [{ name: "app", image: "busybox:1.36", resources: { requests: { cpu: "300m" } } }] },
});

/** The user: create pods, and lower or raise the quota's hard pod count. */
function userOps(state: State): Action[] {
  const out: Action[] = [user({ verb: "create", resource: "pods", namespace: "default", object: pod() })];
  const q = storeGet(state.store, `/registry/resourcequotas/default/${QUOTA_NAME}`)?.value;
  if (q) {
    const next = q.spec.hard.pods === HARD_PODS[0] ? HARD_PODS[1] : HARD_PODS[0];
    out.push(user({ verb: "patch", resource: "resourcequotas", namespace: "default", name: QUOTA_NAME, patch: { spec: { hard: { pods: next } } } }));
  }
  return out;
}

/**
 * The quota controller's next steps on quotas (its quota informer's sync and its worker), offered as operations
 * so that a run takes them within a few choices: each is enabled, so this only makes likely an interleaving the
 * checker could pick among the component actions anyway (as lag.ts does).
 */
function quotaControllerSteps(rt: Runtime, state: State): Action[] {
  const c = btreeGet(state.components, RESOURCEQUOTA_CONTROLLER_ID);
  if (!c) return [];
  return componentActions(rt, state, c).filter((a) => a.type === "reconcile" || (a.type === "informer.sync" && a.resource === "resourcequotas"));
}

/** Pod deletions (which give usage back through the quota controller's recount). */
function podDeletions(state: State): Action[] {
  const live = objectsUnder(state, "/registry/pods/default/").filter((p) => !p.metadata.deletionTimestamp);
  return live[0] ? [user({ verb: "delete", resource: "pods", namespace: "default", name: live[0].metadata.name })] : [];
}

/**
 * A namespace with a ResourceQuota (pods 3, requests.cpu 2) and one pod already in it, starting settled: the
 * quota controller has written the quota's status and the API server's quota informer has listed it. The user
 * creates pods and lowers the hard pod count to 1 and raises it again; quota admission checks each create
 * against the quota as its informer (or its own last write) shows it, while the quota controller writes the new
 * hard limits and recounts. Faults: pod deletions, restarts of the quota controller and of the API server's
 * quota informer, compaction. The quota controller's own next steps are offered among the operations. No nodes: the pods stay Pending, which is all quota needs.
 */
const scope = {
  id: "quota",
  description: "a ResourceQuota (pods 3, requests.cpu 2) with a pod, starting settled: pod creates, the hard pod count lowered to 1 and raised again; quota admission and the quota controller; pod deletions, restarts, compaction",
  needs: ["resourcequota-controller", "resourcequota-admission-informer"],
  nodes: [],
  objects: [pod("seed"), quota],
  ops: (state: State, rt: Runtime): Action[] => [...quotaControllerSteps(rt, state), ...userOps(state)],
  faults(state: State, rt: Runtime): Action[] {
    return [
      ...quotaControllerSteps(rt, state),
      ...userOps(state),
      ...podDeletions(state),
      { type: "component.restart", component: RESOURCEQUOTA_CONTROLLER_ID },
      { type: "component.restart", component: QUOTA_ADMISSION_INFORMER_ID },
      { type: "store.compact" },
    ];
  },
  // Starts from the settled cluster (Scope.warmUp): the quota's status
  // exists and both informers have listed it before the first chosen action.
  warmUp: true,
  maxFaults: 2,
  settleTime: 60,
};

export const quotaScope: Scope = scope;
