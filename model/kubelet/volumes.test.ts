import { describe, expect, it } from "vitest";
import { settle } from "../settle.ts";
import { step } from "../step.ts";
import { btreeGet } from "../collections/btree.ts";
import { apiPod, boundPod, clusterWithNodes, createPod, must, sandboxOf } from "./kubelet.test-support.ts";
import type { State } from "../state.ts";

const withVolumes = (name: string) =>
  boundPod(name, {
    volumes: [
      { name: "cache", emptyDir: {} },
      { name: "logs", hostPath: { path: "/var/log/web", type: "DirectoryOrCreate" } },
    ],
  });
const hostPaths = (s: State) => btreeGet(s.world.machines, "n1")!.hostPaths;
/** The sandbox's volumes without the service account token volume that admission adds to every pod. */
const ownVolumes = (s: State, pod: string) =>
  Object.fromEntries(Object.entries(sandboxOf(s, "n1", pod)!.volumes).filter(([name]) => !name.startsWith("kube-api-access-")));

describe("kubelet: volumes", () => {
  it("an emptyDir lives in the pod's directory and goes with the pod; a hostPath stays on the node", () => {
    let s = settle(createPod(clusterWithNodes(), withVolumes("web"))).state;
    const uid = apiPod(s, "web")!.metadata.uid;
    expect(ownVolumes(s, "web")).toEqual({
      cache: `emptyDir:/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~empty-dir/cache`,
      logs: "hostPath:/var/log/web",
    });
    expect(hostPaths(s)).toEqual(["/var/log/web"]);
    s = settle(must(s, { verb: "delete", resource: "pods", namespace: "default", name: "web" }).state).state;
    expect(sandboxOf(s, "n1", "web")).toBeUndefined();
    expect(hostPaths(s)).toEqual(["/var/log/web"]);
    // A new pod gets a new, empty emptyDir (a new uid) and the same hostPath.
    s = settle(createPod(s, withVolumes("web"))).state;
    const uid2 = apiPod(s, "web")!.metadata.uid;
    expect(uid2).not.toBe(uid);
    expect(sandboxOf(s, "n1", "web")!.volumes.cache).toContain(`/pods/${uid2}/`);
    expect(hostPaths(s)).toEqual(["/var/log/web"]);
  });

  it("a finished pod's emptyDir is removed when its sandbox stops; a machine crash loses emptyDirs but not hostPaths", () => {
    let s = createPod(clusterWithNodes(), { ...withVolumes("job"), spec: { ...withVolumes("job").spec, restartPolicy: "Never" } });
    s = createPod(s, withVolumes("web"));
    s = settle(s).state;
    s = settle(step(s, { type: "container.crash", namespace: "default", pod: "job", container: "app", exitCode: 0 })).state;
    expect(apiPod(s, "job")!.status.phase).toBe("Succeeded");
    expect(sandboxOf(s, "n1", "job")!.volumes).toEqual({ logs: "hostPath:/var/log/web" });
    s = settle(step(s, { type: "node.crash", node: "n1" })).state;
    expect(btreeGet(s.world.machines, "n1")!.pods.size).toBe(0);
    expect(hostPaths(s)).toEqual(["/var/log/web"]);
  });
});
