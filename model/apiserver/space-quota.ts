/**
 * etcd's space quota as the API server meets it. etcd refuses a put once its backend would pass
 * --quota-backend-bytes (server/etcdserver/quota.go backendQuota.Available: size + cost(put) < quota, with
 * costPut = kvOverhead + len(key) + len(value)) and answers ErrGRPCNoSpace, "etcdserver: mvcc: database space
 * exceeded". kube-apiserver does not recognise that error and relays it as a plain error: a 500 Status with no
 * reason and etcd's words as its message (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/status.go
 * ErrorToAPIStatus), which kubectl prints as "Error from server: etcdserver: mvcc: database space exceeded".
 *
 * What the model charges: the live keys (store.sizeBytes, a compacted and defragmented backend), checked on
 * create, the one write that adds a key. It is what bounds a cluster whose controllers create without end (a
 * Deployment of 2^31-1 replicas): creates fail once the store is full, as on a real cluster, instead of the
 * model growing until the process runs out of memory.
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { kvCost } from "../store/store.ts";
import { status, type Status } from "./status.ts";

/** etcd's message for a put over the quota (api/v3rpc/rpctypes ErrGRPCNoSpace). */
export const ERR_NO_SPACE = "etcdserver: mvcc: database space exceeded";

/** The Status kube-apiserver relays etcd's no-space error as: 500, reason unknown (""). */
export const noSpace = (): Status => status(500, "", ERR_NO_SPACE);

/** Whether putting obj at key would pass the cluster's quota (0 or less: no quota, as etcd with a negative one). */
export function overSpaceQuota(state: State, key: string, obj: KObject): boolean {
  const quota = state.config.quotaBackendBytes;
  if (!(quota > 0)) return false;
  return state.store.sizeBytes + kvCost(key, obj) >= quota;
}
