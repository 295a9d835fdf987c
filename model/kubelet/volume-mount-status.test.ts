import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { settle } from "../settle.ts";
import { volumeMountStatuses } from "./container-status.ts";
import { apiPod, boundPod, clusterWithNodes, createPod, statusOf } from "./kubelet.test-support.ts";

const TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

describe("containerStatuses[].volumeMounts (kubelet_pods.go convertToAPIContainerStatuses, RecursiveReadOnlyMounts)", () => {
  it("lists each mount; a read-only one says recursiveReadOnly Disabled (containerd 1.7 has no recursive read-only)", () => {
    expect(
      volumeMountStatuses([
        { name: "data", mountPath: "/data" },
        { name: "cfg", mountPath: "/etc/cfg", readOnly: true },
      ]),
    ).toEqual([
      { name: "data", mountPath: "/data" },
      { name: "cfg", mountPath: "/etc/cfg", readOnly: true, recursiveReadOnly: "Disabled" },
    ]);
    expect(volumeMountStatuses([])).toBeUndefined();
    expect(volumeMountStatuses(undefined)).toBeUndefined();
  });

  it("keeps the spec's order and sets recursiveReadOnly exactly on the read-only mounts", () =>
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.string({ minLength: 1 }), mountPath: fc.string({ minLength: 1 }), readOnly: fc.boolean() }), { minLength: 1, maxLength: 5 }), (mounts) => {
        const out = volumeMountStatuses(mounts)!;
        expect(out.map((m) => m.name)).toEqual(mounts.map((m) => m.name));
        expect(out.map((m) => m.recursiveReadOnly)).toEqual(mounts.map((m) => (m.readOnly ? "Disabled" : undefined)));
      }),
    ));

  it("a running pod's app and init container statuses carry the service account token mount and their own", () => {
    const pod = boundPod("web", {
      initContainers: [{ name: "init", image: "busybox" }],
      containers: [{ name: "app", image: "nginx:1.25", volumeMounts: [{ name: "scratch", mountPath: "/scratch" }] }],
      volumes: [{ name: "scratch", emptyDir: {} }],
    });
    const s = settle(createPod(clusterWithNodes(), pod)).state;
    const got = apiPod(s, "web")!;
    expect(got.status.phase).toBe("Running");
    const token = got.spec.volumes.find((v: any) => v.name.startsWith("kube-api-access-")).name;
    expect(statusOf(got).volumeMounts).toEqual([
      { name: "scratch", mountPath: "/scratch" },
      { name: token, mountPath: TOKEN_PATH, readOnly: true, recursiveReadOnly: "Disabled" },
    ]);
    expect(got.status.initContainerStatuses[0].volumeMounts).toEqual([{ name: token, mountPath: TOKEN_PATH, readOnly: true, recursiveReadOnly: "Disabled" }]);
  });
});
