/**
 * `--kubeconfig FILE`: a kubeconfig for the served cluster (client-go's clientcmd v1 Config), so that
 * `KUBECONFIG=FILE kubectl get pods` and `new KubeConfig().loadFromFile(FILE)` reach it. The server speaks plain
 * HTTP on loopback and asks for no credentials, so the user entry is empty.
 */
import { stringify } from "yaml";

export function kubeconfigYaml(server: string, name = "kubeprop"): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server } }],
    users: [{ name, user: {} }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: "default" } }],
    "current-context": name,
    preferences: {},
  });
}
