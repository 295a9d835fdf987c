/** kube-proxy: the per-node behaviour, its rule table and the `connect` action that asks it which pod serves. */
export { KUBE_PROXY_KIND, KUBE_PROXY_RESYNC, kubeProxyBehavior, kubeProxyId, nodeOfKubeProxy } from "./behavior.ts";
export { applyConnect, connect, describeConnectResult, type ConnectAction, type ConnectRequest, type ConnectResult } from "./connect.ts";
export { initialKubeProxyMemory, replaceServiceRules, type AffinityRecord, type KubeProxyMemory } from "./memory.ts";
export { buildServiceRules, endpointsByPortName, servicePortName, type ProxyEndpoint, type ServicePortRule } from "./rules.ts";
export { nextEndpoint } from "./round-robin.ts";
export { connectRequestOf } from "./connect.ts";
export { connectAnswerMeets, describeConnectExpectation, type ConnectExpectation } from "./connect-expectation.ts";
