/**
 * A new cluster: the namespaces that always exist (default, kube-system, kube-public, kube-node-lease, as
 * kube-apiserver's system namespaces controller creates them), their "default" ServiceAccounts, and the
 * control-plane components, with their informers not yet synced.
 */
import type { State, ClusterConfig } from "./state.ts";
import { emptyState } from "./state.ts";
import { send } from "./client.ts";
import { addComponent } from "./components/lifecycle.ts";
import { COMPONENT_BEHAVIORS } from "./components/registry.ts";
import { isStatus } from "./apiserver/status.ts";
import { DEFAULT_SERVICE_ACCOUNT_NAME } from "./apiserver/admission/service-account.ts";

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

const SERVICE_ACCOUNTS_CONTROLLER_ID = "kube-controller-manager/serviceaccount";

/** The control-plane components every cluster runs: id and kind. */
export const CONTROL_PLANE: readonly { id: string; kind: string }[] = [
  { id: "kube-apiserver/crd-cleanup", kind: "crd-cleanup-controller" },
  { id: "kube-apiserver/resourcequota-admission", kind: "resourcequota-admission-informer" },
  { id: "kube-scheduler", kind: "scheduler" },
  { id: "kube-apiserver/service-allocator-repair", kind: "service-allocator-repair" },
  { id: "kube-controller-manager/deployment", kind: "deployment-controller" },
  { id: "kube-controller-manager/endpoint", kind: "endpoint-controller" },
  { id: "kube-controller-manager/garbagecollector", kind: "garbagecollector" },
  { id: "kube-controller-manager/horizontalpodautoscaling", kind: "horizontalpodautoscaler-controller" },
  { id: "kube-controller-manager/nodelifecycle", kind: "nodelifecycle-controller" },
  { id: "kube-controller-manager/replicaset", kind: "replicaset-controller" },
  { id: "kube-controller-manager/replicationcontroller", kind: "replicationcontroller-controller" },
  { id: "kube-controller-manager/namespace", kind: "namespace-controller" },
  { id: "kube-controller-manager/persistentvolume-binder", kind: "persistentvolume-binder-controller" },
  { id: "kube-controller-manager/resourcequota", kind: "resourcequota-controller" },
  { id: "kube-controller-manager/service", kind: "service-controller" },
  { id: SERVICE_ACCOUNTS_CONTROLLER_ID, kind: "serviceaccounts-controller" },
  { id: "kube-controller-manager/serviceaccount-token", kind: "serviceaccount-tokens-controller" },
];

export interface BootstrapOptions {
  readonly config?: Partial<ClusterConfig>;
  /** Component kinds to leave out (a test may run a cluster with a controller missing). */
  readonly without?: readonly string[];
}

export function bootstrap(opts: BootstrapOptions = {}): State {
  let s = emptyState(opts.config);
  for (const ns of SYSTEM_NAMESPACES) {
    const r = send(s, "kube-apiserver", { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } } });
    if (isStatus(r.result)) throw new Error(`bootstrap: ${r.result.message}`);
    s = r.state;
  }
  // The "default" accounts the ServiceAccounts controller creates within moments of start-up: a cluster is ready
  // for pods once they exist (ServiceAccount admission refuses a pod whose account is missing), and every
  // cluster a user meets has them. The controller's first sync finds them and creates nothing. Namespaces made
  // later get theirs from the controller, so a pod created in the same instant as its namespace is refused.
  for (const ns of SYSTEM_NAMESPACES) {
    const r = send(s, SERVICE_ACCOUNTS_CONTROLLER_ID, {
      verb: "create",
      resource: "serviceaccounts",
      namespace: ns,
      object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: DEFAULT_SERVICE_ACCOUNT_NAME, namespace: ns } },
    });
    if (isStatus(r.result)) throw new Error(`bootstrap: ${r.result.message}`);
    s = r.state;
  }
  // Kinds not registered (not built yet) are skipped, so a partial model still runs.
  for (const c of CONTROL_PLANE) {
    if (!opts.without?.includes(c.kind) && COMPONENT_BEHAVIORS.has(c.kind)) s = addComponent(s, c.id, c.kind);
  }
  return s;
}
