/**
 * The service controller's local memory (lost on restart): its serviceCache of the Services it has processed
 * (controller.go keeps them to delete a load balancer whose Service vanished without the finalizer path, and to
 * repoint balancers when nodes change), lastSyncedNodes, the backend node names of the last node sync, and the
 * rate limiter's failure counts.
 */
import type { KObject } from "../../objects/types.ts";
import { btreeEmpty, type BTree } from "../../collections/btree.ts";

export interface ServiceControllerMemory {
  /** "namespace/name" → the Service as last processed. */
  readonly cache: BTree<KObject>;
  /** Node names (passing the backend predicates) at the last node sync, sorted. */
  readonly lastSyncedNodes: readonly string[];
  /** The rate limiter's count of consecutive failed syncs per Service key (NumRequeues; Forget drops it). */
  readonly failures: BTree<number>;
}

export const initialServiceControllerMemory = (): ServiceControllerMemory => ({ cache: btreeEmpty(), lastSyncedNodes: [], failures: btreeEmpty() });
