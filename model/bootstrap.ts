/**
 * A new cluster: the namespaces that always exist (default, kube-system, kube-public, kube-node-lease, as
 * kube-apiserver's system namespaces controller creates them), their "default" ServiceAccounts, and the
 * control-plane components of the config, with their informers not yet synced.
 */
import type { State } from "./state.ts";
import { emptyState } from "./empty-state.ts";
import { send } from "./client.ts";
import { addComponent } from "./components/lifecycle.ts";
import type { Kinds } from "./components/kinds.ts";
import { BUILTIN_KINDS } from "./builtin-kinds.ts";
import { clusterConfig, withoutKinds, type ClusterConfig } from "./config.ts";
import { isStatus } from "./apiserver/status.ts";
import { DEFAULT_SERVICE_ACCOUNT_NAME } from "./apiserver/admission/service-account.ts";

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

const SERVICE_ACCOUNTS_CONTROLLER_ID = "kube-controller-manager/serviceaccount";

export interface BootstrapOptions {
  /** What the cluster runs (model/config.ts); unset fields take the defaults. */
  readonly config?: Partial<ClusterConfig>;
  /** Control-plane kinds to leave out of the config (a test may run a cluster with a controller missing). */
  readonly without?: readonly string[];
  /** The registry the config's kinds come from (default: the built-in kinds). */
  readonly kinds?: Kinds;
}

export function bootstrap(opts: BootstrapOptions = {}): State {
  const config = withoutKinds(clusterConfig(opts.config), opts.without ?? []);
  // Resolving the config first refuses an unknown kind, option or admission plug-in before anything runs.
  const rt = (opts.kinds ?? BUILTIN_KINDS).runtime(config);
  let s = emptyState(config);
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
  for (const c of config.components) s = addComponent(rt, s, c.id, c.kind);
  return s;
}
