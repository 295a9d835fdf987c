/**
 * kubeprop's public model API: the transition system and the fidelity functions ported from Kubernetes.
 */

// The transition system, and what a cluster is made of (a config, resolved with a registry of kinds).
export type { State, ComponentState, InformerState } from "./state.ts";
export type { ClusterConfig, ClusterVariant, ComponentSpec, NodeComponentSpec, AdmissionSpec, Options } from "./config.ts";
export { DEFAULT_CLUSTER_CONFIG, clusterConfig, withVariant, ConfigError } from "./config.ts";
export type { ComponentBehavior } from "./components/behavior.ts";
export { Kinds, fixedKind, type ComponentKind, type Runtime } from "./components/kinds.ts";
export { BUILTIN_KINDS } from "./builtin-kinds.ts";
export { clusterOf, BUILTIN_CLUSTER, type Cluster } from "./cluster.ts";
export type { Action } from "./actions.ts";
export { emptyState } from "./empty-state.ts";
export { bootstrap } from "./bootstrap.ts";
export { step, stepWithEffects } from "./step.ts";
export { enabled } from "./enabled.ts";
export { settle } from "./settle.ts";
export type { SettleOptions, SettleResult } from "./settle.ts";
export { handle as apiRequest } from "./apiserver/handle.ts";
export type { ApiRequest } from "./apiserver/request.ts";
export type { Status } from "./apiserver/status.ts";
export type { KObject } from "./objects/types.ts";
export { parseScenario } from "./scenario/parse.ts";
export { runScenario, initialState } from "./scenario/run.ts";

// Labels (k8s.io/apimachinery/pkg/labels).
export { parseSelector } from "./labels/selector.ts";
export type { Selector } from "./labels/selector.ts";

// Validation (k8s.io/apimachinery/pkg/util/validation).
export { isQualifiedName, isValidLabelValue, isDNS1123Label, isDNS1123Subdomain, isDNS1035Label } from "./validation/names.ts";

// Quantities (k8s.io/apimachinery/pkg/api/resource).
export { parseQuantity, Quantity } from "./quantity/index.ts";

// Kubelet (pkg/kubelet/kubelet_pods.go getPhase).
export { getPodPhase } from "./kubelet/pod-phase.ts";

// Deployment (pkg/controller/deployment/util).
export { resolveFenceposts } from "./controllers/deployment/fenceposts.ts";

// HPA (pkg/controller/podautoscaler).
export { hpaReplicas } from "./controllers/podautoscaler/replica-calculator.ts";
export { hpaNormalizeReplicas } from "./controllers/podautoscaler/normalize.ts";
