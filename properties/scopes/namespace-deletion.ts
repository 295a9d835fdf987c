import type { Action } from "../../model/actions.ts";
import type { State } from "../../model/state.ts";
import type { KObject } from "../../model/objects/types.ts";
import type { Scope } from "./types.ts";
import { user } from "./common.ts";
import { btreeGet } from "../../model/collections/btree.ts";
import { storeGet } from "../../model/store/store.ts";
import { QUOTA_ADMISSION_INFORMER_ID } from "../../model/controllers/resourcequota/admission-informer.ts";
import { NAMESPACE_CONTROLLER_ID } from "../../model/controllers/namespace/controller.ts";

const NS = "team-a";

const namespace: KObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } };
const configMap: KObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "cm-", namespace: NS } };

/**
 * kube-apiserver's own namespace informer (the admission plug-ins' shared informer factory), where this build
 * runs one: its first list, offered alone while it has not listed; after that its watch lags (never offered),
 * as on an HA API server whose watch is slow. The correct NamespaceLifecycle plug-in does not depend on it.
 */
function apiServerNamespaceList(state: State): Action[] {
  const inf = btreeGet(state.components, QUOTA_ADMISSION_INFORMER_ID)?.informers.namespaces;
  return inf && !inf.synced ? [{ type: "informer.sync", component: QUOTA_ADMISSION_INFORMER_ID, resource: "namespaces" }] : [];
}

/** The user: create objects in the namespace while it exists, delete it while it is Active, create it again. */
function userOps(state: State): Action[] {
  const ns = storeGet(state.store, `/registry/namespaces/${NS}`)?.value;
  if (!ns) return [user({ verb: "create", resource: "namespaces", object: namespace })];
  const create = user({ verb: "create", resource: "configmaps", namespace: NS, object: configMap });
  return ns.metadata.deletionTimestamp ? [create] : [create, user({ verb: "delete", resource: "namespaces", name: NS })];
}

/**
 * A namespace deleted while the user keeps creating objects in it and creates it again once it is gone: the
 * NamespaceLifecycle admission plug-in against the namespace controller's deletion (kubernetes#36891, PR
 * #37431). Faults: namespace controller restarts, compaction.
 */
export const namespaceDeletion: Scope = {
  id: "namespace-deletion",
  description: "a namespace deleted while objects are created into it, and created again: NamespaceLifecycle admission against the namespace controller; controller restarts, compaction",
  needs: ["namespace-controller"],
  nodes: [],
  objects: [namespace],
  ops(state) {
    const list = apiServerNamespaceList(state);
    return list.length > 0 ? list : userOps(state);
  },
  faults(state) {
    return [...apiServerNamespaceList(state), ...userOps(state), { type: "component.restart", component: NAMESPACE_CONTROLLER_ID }, { type: "store.compact" }];
  },
  maxFaults: 2,
  settleTime: 60,
};
