/**
 * A new cluster: what `kubectl get -A` finds before any user acts, then the control-plane components of the
 * config, with their informers not yet synced. The objects, each by the process that makes it upstream:
 * - the namespaces that always exist (default, kube-system, kube-public, kube-node-lease), as kube-apiserver's
 *   system namespaces controller creates them (pkg/controlplane/controller/systemnamespaces);
 * - the PriorityClasses system-node-critical and system-cluster-critical, by kube-apiserver's scheduling
 *   post-start hook (pkg/registry/scheduling/rest/storage_scheduling.go AddSystemPriorityClasses);
 * - the `kubernetes` Service and Endpoints in default, by kube-apiserver's kubernetes service controller and
 *   endpoint reconciler (apiserver/service/kubernetes-service.ts); the Service takes 10.96.0.1;
 * - each namespace's "default" ServiceAccount (the serviceaccounts controller) and kube-root-ca.crt ConfigMap
 *   (the root CA cert publisher), which those controllers keep afterwards.
 * Not modelled: the system:* RBAC roles and bindings and the extension-apiserver-authentication ConfigMap in
 * kube-system (RBAC and the authentication ConfigMap's client-CA content have no part in the model), kubeadm's
 * kube-public/cluster-info ConfigMap and kube-system/kubeadm-config, kube-proxy and coredns objects (kubeadm's
 * add-ons, not Kubernetes' own start-up), and node Leases (each kubelet creates its own when its node joins).
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
import { SYSTEM_PRIORITY_CLASSES, systemPriorityClassObject } from "./objects/priority-classes.ts";
import { kubernetesEndpointsObject, kubernetesServiceObject, KUBERNETES_SERVICE_NAMESPACE } from "./apiserver/service/kubernetes-service.ts";
import { rootCAConfigMap } from "./controllers/certificates/root-ca-cert-publisher.ts";
import type { ApiRequest } from "./apiserver/request.ts";

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

const SERVICE_ACCOUNTS_CONTROLLER_ID = "kube-controller-manager/serviceaccount";
const ROOT_CA_PUBLISHER_ID = "kube-controller-manager/root-ca-cert-publisher";

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
  const must = (client: string, req: ApiRequest) => {
    const r = send(s, client, req);
    if (isStatus(r.result)) throw new Error(`bootstrap: ${r.result.message}`);
    s = r.state;
  };
  for (const ns of SYSTEM_NAMESPACES) {
    must("kube-apiserver", { verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } } });
  }
  for (const pc of SYSTEM_PRIORITY_CLASSES) must("kube-apiserver", { verb: "create", resource: "priorityclasses.scheduling.k8s.io", object: systemPriorityClassObject(pc) });
  must("kube-apiserver", { verb: "create", resource: "services", namespace: KUBERNETES_SERVICE_NAMESPACE, object: kubernetesServiceObject() });
  must("kube-apiserver", { verb: "create", resource: "endpoints", namespace: KUBERNETES_SERVICE_NAMESPACE, object: kubernetesEndpointsObject() });
  // The "default" accounts the ServiceAccounts controller creates within moments of start-up: a cluster is ready
  // for pods once they exist (ServiceAccount admission refuses a pod whose account is missing), and every
  // cluster a user meets has them. The controller's first sync finds them and creates nothing. Namespaces made
  // later get theirs from the controller, so a pod created in the same instant as its namespace is refused.
  // The root CA ConfigMaps likewise: the publisher's first sync finds them as it would have made them.
  for (const ns of SYSTEM_NAMESPACES) {
    must(SERVICE_ACCOUNTS_CONTROLLER_ID, {
      verb: "create",
      resource: "serviceaccounts",
      namespace: ns,
      object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: DEFAULT_SERVICE_ACCOUNT_NAME, namespace: ns } },
    });
  }
  for (const ns of SYSTEM_NAMESPACES) must(ROOT_CA_PUBLISHER_ID, { verb: "create", resource: "configmaps", namespace: ns, object: rootCAConfigMap(ns) });
  for (const c of config.components) s = addComponent(rt, s, c.id, c.kind);
  return s;
}
