/**
 * `--kubeconfig FILE`: a kubeconfig for the served cluster (client-go's clientcmd v1 Config), so that
 * `KUBECONFIG=FILE kubectl get pods` and `new KubeConfig().loadFromFile(FILE)` reach it. The server speaks plain
 * HTTP on loopback and asks for no credentials, so the user entry is empty. The cluster entry says
 * insecure-skip-tls-verify: @kubernetes/client-node 1.x refuses an http:// server without it ("HTTP protocol is
 * not allowed when skipTLSVerify is not set or false"); kubectl, with no TLS to verify, is unaffected.
 */
import { stringify } from "yaml";

export function kubeconfigYaml(server: string, name = "kubeprop"): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server, "insecure-skip-tls-verify": true } }],
    users: [{ name, user: {} }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: "default" } }],
    "current-context": name,
    preferences: {},
  });
}
