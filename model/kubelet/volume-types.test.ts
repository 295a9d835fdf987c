import { describe, expect, it } from "vitest";
import { settle } from "../settle.ts";
import { advance } from "../advance.ts";
import { step } from "../step.ts";
import { btreeGet } from "../collections/btree.ts";
import type { State } from "../state.ts";
import { apiPod, createPod, must, sandboxOf } from "./kubelet.test-support.ts";
import {
  allDisks,
  attachedTo,
  bindClaim,
  claim,
  containerState,
  create,
  diskOf,
  getObject,
  ownVolumes,
  podEvents,
  podWithVolumes,
  secret,
  volume,
  volumeCluster,
} from "./volume-types.test-support.ts";

const quiet = (s: State): State => {
  const r = settle(s);
  expect(r.quiesced).toBe(true);
  return r.state;
};
const phase = (s: State, pod: string) => apiPod(s, pod)?.status?.phase;
const del = (s: State, pod: string) => must(s, { verb: "delete", resource: "pods", namespace: "default", name: pod }).state;
const hostPaths = (s: State, node: string) => btreeGet(s.world.machines, node)!.hostPaths;

const gcePD = (pdName: string, readOnly?: boolean) => ({ name: "data", gcePersistentDisk: { pdName, fsType: "ext4", ...(readOnly ? { readOnly } : {}) } });

describe("kubelet volumes: secret", () => {
  const creds = { name: "creds", secret: { secretName: "db" } };

  it("a pod whose secret is missing stays ContainerCreating with a FailedMount event, and starts once the secret exists", () => {
    let s = quiet(createPod(volumeCluster(["n1"]), podWithVolumes("web", "n1", [creds])));
    expect(phase(s, "web")).toBe("Pending");
    expect(containerState(apiPod(s, "web"))).toBe("ContainerCreating");
    expect(sandboxOf(s, "n1", "web")).toBeUndefined();
    expect(podEvents(s, "web")).toEqual([["FailedMount", 'MountVolume.SetUp failed for volume "creds" : secret "db" not found', 1]]);
    // The kubelet retries on its 10 s housekeeping tick; the retry is periodic, so settle above quiesced.
    s = advance(s, 10).state;
    expect(podEvents(s, "web")).toEqual([["FailedMount", 'MountVolume.SetUp failed for volume "creds" : secret "db" not found', 2]]);
    s = create(s, "secrets", secret("db", { username: "YWRtaW4=", password: "czNjcmV0" }));
    s = quiet(s);
    expect(phase(s, "web")).toBe("Pending");
    s = advance(s, 10).state;
    expect(phase(s, "web")).toBe("Running");
    const uid = apiPod(s, "web")!.metadata.uid;
    const rv = getObject(s, "secrets", "db", "default")!.metadata.resourceVersion;
    expect(ownVolumes(s, "n1", "web")).toEqual({
      creds: `secret:tmpfs:/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~secret/creds?from=default/db@${rv}&keys=password,username`,
    });
    // tmpfs: nothing of it is on the node's disk, and it goes with the pod.
    expect(hostPaths(s, "n1")).toEqual([]);
    s = quiet(del(s, "web"));
    expect(sandboxOf(s, "n1", "web")).toBeUndefined();
    expect(hostPaths(s, "n1")).toEqual([]);
  });

  it("mount attempts back off exponentially up to 2 min 2 s (each failed attempt is one more FailedMount)", () => {
    let s = quiet(createPod(volumeCluster(["n1"]), podWithVolumes("web", "n1", [creds])));
    const t0 = s.clock.now;
    const attempts: number[] = [];
    let seen = 0;
    for (let t = 0; t < 320; t += 5) {
      const count = podEvents(s, "web")[0]![2];
      if (count !== seen) attempts.push(s.clock.now - t0);
      seen = count;
      s = advance(s, 5).state;
    }
    // Back-off 0.5, 1, 2, ..., 64, then 122 s; attempts happen on the kubelet's 10 s housekeeping ticks.
    expect(attempts).toEqual([0, 10, 20, 30, 40, 50, 70, 110, 180, 310]);
    // A restarted kubelet has forgotten the back-off (process memory): it tries at its first sync.
    s = quiet(create(s, "secrets", secret("db", { password: "czNjcmV0" })));
    s = quiet(step(s, { type: "component.restart", component: "kubelet/n1" }));
    expect(phase(s, "web")).toBe("Running");
  });

  it("an optional secret that is missing does not hold the pod; items project only the keys they name", () => {
    let s = create(volumeCluster(["n1"]), "secrets", secret("tls", { "tls.crt": "Y2VydA==", "tls.key": "a2V5" }));
    s = createPod(s, podWithVolumes("a", "n1", [{ name: "maybe", secret: { secretName: "nope", optional: true } }]));
    s = createPod(s, podWithVolumes("b", "n1", [{ name: "cert", secret: { secretName: "tls", items: [{ key: "tls.crt", path: "server.crt" }] } }]));
    s = createPod(s, podWithVolumes("c", "n1", [{ name: "cert", secret: { secretName: "tls", items: [{ key: "ca.crt", path: "ca.crt" }] } }]));
    s = quiet(s);
    expect([phase(s, "a"), phase(s, "b"), phase(s, "c")]).toEqual(["Running", "Running", "Pending"]);
    expect(ownVolumes(s, "n1", "a")!.maybe).toMatch(/kubernetes\.io~secret\/maybe\?from=default\/nope&keys=$/);
    expect(ownVolumes(s, "n1", "b")!.cert).toMatch(/\?from=default\/tls@\d+&keys=server\.crt$/);
    expect(podEvents(s, "c")).toEqual([["FailedMount", 'MountVolume.SetUp failed for volume "cert" : references non-existent secret key: ca.crt', 1]]);
  });
});

describe("kubelet volumes: gitRepo", () => {
  it("is cloned at the revision into the pod's directory and dies with the pod", () => {
    const repo = { name: "src", gitRepo: { repository: "https://github.com/kubernetes/examples.git", revision: "6f3c2b1" } };
    let s = quiet(createPod(volumeCluster(["n1"]), podWithVolumes("job", "n1", [repo, { name: "head", gitRepo: { repository: "https://example.com/r.git" } }], "Never")));
    const uid = apiPod(s, "job")!.metadata.uid;
    expect(ownVolumes(s, "n1", "job")).toEqual({
      src: `gitRepo:/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~git-repo/src?from=https://github.com/kubernetes/examples.git@6f3c2b1`,
      head: `gitRepo:/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~git-repo/head?from=https://example.com/r.git@HEAD`,
    });
    s = quiet(step(s, { type: "container.crash", namespace: "default", pod: "job", container: "app", exitCode: 0 }));
    expect(phase(s, "job")).toBe("Succeeded");
    expect(ownVolumes(s, "n1", "job")).toEqual({});
    expect(hostPaths(s, "n1")).toEqual([]);
  });
});

describe("kubelet volumes: network disks", () => {
  it("a ReadWriteOnce disk used on a second node waits for the first pod to go, then moves with its data", () => {
    let s = quiet(createPod(volumeCluster(), podWithVolumes("a", "n1", [gcePD("pd-1")])));
    expect(phase(s, "a")).toBe("Running");
    expect(ownVolumes(s, "n1", "a")).toEqual({ data: "disk:gce-pd/pd-1" });
    expect(diskOf(s, "gce-pd/pd-1")).toEqual({
      id: "gce-pd/pd-1",
      plugin: "kubernetes.io/gce-pd",
      attachedTo: ["n1"],
      exclusive: true,
      users: [{ node: "n1", namespace: "default", name: "a", exclusive: true }],
      mounts: 1,
    });
    expect(attachedTo(s, "n1")).toEqual(["gce-pd/pd-1"]);

    s = quiet(createPod(s, podWithVolumes("b", "n2", [gcePD("pd-1")])));
    expect(phase(s, "b")).toBe("Pending");
    expect(containerState(apiPod(s, "b"))).toBe("ContainerCreating");
    expect(sandboxOf(s, "n2", "b")).toBeUndefined();
    expect(podEvents(s, "b")).toEqual([["FailedAttachVolume", 'Multi-Attach error for volume "data" Volume is already used by pod(s) a', 1]]);
    expect(diskOf(s, "gce-pd/pd-1")!.attachedTo).toEqual(["n1"]);

    // The first pod goes: its kubelet unmounts and detaches at once; the second pod's next retry attaches it.
    s = quiet(del(s, "a"));
    expect(diskOf(s, "gce-pd/pd-1")!.attachedTo).toEqual([]);
    expect(attachedTo(s, "n1")).toEqual([]);
    s = advance(s, 10).state;
    expect(phase(s, "b")).toBe("Running");
    expect(ownVolumes(s, "n2", "b")).toEqual({ data: "disk:gce-pd/pd-1" });
    expect(diskOf(s, "gce-pd/pd-1")).toMatchObject({ attachedTo: ["n2"], mounts: 2, users: [{ node: "n2", name: "b" }] });
  });

  it("two pods on the same node share a ReadWriteOnce disk; read-only GCE PDs, NFS and GlusterFS go to many nodes", () => {
    let s = volumeCluster(["n1", "n2", "n3"]);
    s = createPod(s, podWithVolumes("a1", "n1", [gcePD("pd-rw")]));
    s = createPod(s, podWithVolumes("a2", "n1", [gcePD("pd-rw")]));
    s = createPod(s, podWithVolumes("r1", "n1", [gcePD("pd-ro", true)]));
    s = createPod(s, podWithVolumes("r2", "n2", [gcePD("pd-ro", true)]));
    const nfs = { name: "share", nfs: { server: "fs.example.com", path: "/exports/share" } };
    const gluster = { name: "g", glusterfs: { endpoints: "glusterfs-cluster", path: "vol1" } };
    for (const [pod, node] of [["n-1", "n1"], ["n-2", "n2"], ["n-3", "n3"]] as const) s = createPod(s, podWithVolumes(pod, node, [nfs, gluster]));
    s = quiet(s);
    for (const p of ["a1", "a2", "r1", "r2", "n-1", "n-2", "n-3"]) expect([p, phase(s, p)]).toEqual([p, "Running"]);
    expect(diskOf(s, "gce-pd/pd-rw")).toMatchObject({ attachedTo: ["n1"], exclusive: true });
    expect(diskOf(s, "gce-pd/pd-ro")).toMatchObject({ attachedTo: ["n1", "n2"], exclusive: false });
    expect(diskOf(s, "nfs/fs.example.com:/exports/share")).toMatchObject({ plugin: "kubernetes.io/nfs", attachedTo: ["n1", "n2", "n3"], exclusive: false });
    expect(diskOf(s, "glusterfs/glusterfs-cluster:vol1")).toMatchObject({ attachedTo: ["n1", "n2", "n3"], exclusive: false });
    // A read-write use of the read-only disk elsewhere is exclusive: it waits.
    s = quiet(createPod(s, podWithVolumes("w", "n3", [gcePD("pd-ro")])));
    expect(phase(s, "w")).toBe("Pending");
    expect(podEvents(s, "w")).toEqual([["FailedAttachVolume", 'Multi-Attach error for volume "data" Volume is already used by pod(s) r1, r2', 1]]);
  });

  it("the identity of every in-tree network source names its disk; AWS EBS, iSCSI and RBD are exclusive, Flocker is not", () => {
    const sources = [
      { name: "ebs", awsElasticBlockStore: { volumeID: "vol-0abc", fsType: "ext4" } },
      { name: "lun", iscsi: { targetPortal: "10.0.16.1:3260", iqn: "iqn.2001-04.com.example:storage.disk1", lun: 0, fsType: "ext4" } },
      { name: "img", rbd: { monitors: ["10.16.154.78:6789"], pool: "kube", image: "foo", fsType: "ext4" } },
      { name: "fl", flocker: { datasetName: "ds1" } },
    ];
    const s = quiet(createPod(volumeCluster(["n1"]), podWithVolumes("p", "n1", sources)));
    expect(ownVolumes(s, "n1", "p")).toEqual({
      ebs: "disk:aws-ebs/vol-0abc",
      lun: "disk:iscsi/10.0.16.1:3260:iqn.2001-04.com.example:storage.disk1:0",
      img: "disk:rbd/kube/foo",
      fl: "disk:flocker/ds1",
    });
    expect(allDisks(s).map((d) => [d.id, d.exclusive])).toEqual([
      ["aws-ebs/vol-0abc", true],
      ["flocker/ds1", false],
      ["iscsi/10.0.16.1:3260:iqn.2001-04.com.example:storage.disk1:0", true],
      ["rbd/kube/foo", true],
    ]);
  });

  it("a crashed machine keeps its disk attached until it comes back and its kubelet finds the disk unused", () => {
    let s = quiet(createPod(volumeCluster(), podWithVolumes("a", "n1", [gcePD("pd-1")])));
    s = step(s, { type: "node.crash", node: "n1" });
    // The pod is force-deleted while its node is down; the cloud still has the disk attached to n1.
    s = must(s, { verb: "delete", resource: "pods", namespace: "default", name: "a", gracePeriodSeconds: 0 }).state;
    s = quiet(createPod(s, podWithVolumes("b", "n2", [gcePD("pd-1")])));
    s = advance(s, 20).state;
    expect(phase(s, "b")).toBe("Pending");
    expect(diskOf(s, "gce-pd/pd-1")!.attachedTo).toEqual(["n1"]);
    expect(podEvents(s, "b")[0]![1]).toBe('Multi-Attach error for volume "data" Volume is already used by pod(s) a');
    s = quiet(step(s, { type: "node.recover", node: "n1" }));
    expect(diskOf(s, "gce-pd/pd-1")!.attachedTo).toEqual([]);
    s = advance(s, 10).state;
    expect(phase(s, "b")).toBe("Running");
    expect(diskOf(s, "gce-pd/pd-1")!.attachedTo).toEqual(["n2"]);
  });
});

describe("kubelet volumes: PersistentVolumeClaims", () => {
  const data = { name: "data", persistentVolumeClaim: { claimName: "data" } };
  const unable = (volumes: string, why: string) =>
    `Unable to attach or mount volumes: unmounted volumes=[${volumes}], unattached volumes=[], failed to process volumes=[${volumes}]: error processing PVC default/data: ${why}`;

  it("a pod waits while its claim is missing or unbound, then mounts the bound PV's disk", () => {
    let s = quiet(createPod(volumeCluster(), podWithVolumes("db", "n1", [data])));
    expect(phase(s, "db")).toBe("Pending");
    expect(containerState(apiPod(s, "db"))).toBe("ContainerCreating");
    expect(podEvents(s, "db")).toEqual([["FailedMount", unable("data", 'failed to fetch PVC from API server: persistentvolumeclaims "data" not found'), 1]]);
    s = quiet(create(s, "persistentvolumeclaims", claim("data")));
    s = advance(s, 10).state;
    expect(phase(s, "db")).toBe("Pending");
    expect(podEvents(s, "db").map((e) => e[1])).toContain(unable("data", "PVC is not bound"));
    s = create(s, "persistentvolumes", volume("pv-1", { gcePersistentDisk: { pdName: "pd-db" } }));
    s = quiet(bindClaim(s, "data", "pv-1"));
    s = advance(s, 10).state;
    expect(phase(s, "db")).toBe("Running");
    expect(ownVolumes(s, "n1", "db")).toEqual({ data: "disk:gce-pd/pd-db" });
    expect(diskOf(s, "gce-pd/pd-db")).toMatchObject({ attachedTo: ["n1"], exclusive: true });
  });

  it("a claim bound to a volume whose claimRef points elsewhere is not mounted", () => {
    let s = create(volumeCluster(["n1"]), "persistentvolumeclaims", claim("data"));
    s = create(s, "persistentvolumes", volume("pv-1", { nfs: { server: "fs", path: "/a" } }, ["ReadWriteMany"], { namespace: "default", name: "other", uid: "u-other" }));
    const pvc = getObject(s, "persistentvolumeclaims", "data", "default")!;
    s = must(s, { verb: "patch", resource: "persistentvolumeclaims", namespace: "default", name: "data", patch: { spec: { volumeName: "pv-1" } } }).state;
    s = must(s, { verb: "patch", resource: "persistentvolumeclaims", namespace: "default", name: "data", subresource: "status", patch: { status: { phase: "Bound" } } }).state;
    s = quiet(createPod(s, podWithVolumes("db", "n1", [data])));
    expect(phase(s, "db")).toBe("Pending");
    expect(podEvents(s, "db")).toEqual([
      ["FailedMount", unable("data", `found PV object pv-1 but its pv.Spec.ClaimRef.UID u-other does not point to claim.UID ${pvc.metadata.uid}`), 1],
    ]);
  });

  it("a ReadWriteOnce PV holds a second node's pod with the PV's name in the message; a ReadWriteMany one does not", () => {
    let s = volumeCluster();
    s = create(s, "persistentvolumeclaims", claim("data"));
    s = create(s, "persistentvolumeclaims", claim("shared", ["ReadWriteMany"]));
    s = create(s, "persistentvolumes", volume("pv-rwo", { awsElasticBlockStore: { volumeID: "vol-1" } }));
    s = create(s, "persistentvolumes", volume("pv-rwx", { gcePersistentDisk: { pdName: "pd-shared" } }, ["ReadWriteMany"]));
    s = bindClaim(bindClaim(s, "data", "pv-rwo"), "shared", "pv-rwx");
    const shared = { name: "shared", persistentVolumeClaim: { claimName: "shared" } };
    s = createPod(s, podWithVolumes("a", "n1", [data, shared]));
    s = quiet(s);
    s = quiet(createPod(s, podWithVolumes("b", "n2", [data, shared])));
    expect([phase(s, "a"), phase(s, "b")]).toEqual(["Running", "Pending"]);
    expect(podEvents(s, "b")).toEqual([["FailedAttachVolume", 'Multi-Attach error for volume "pv-rwo" Volume is already used by pod(s) a', 1]]);
    expect(diskOf(s, "gce-pd/pd-shared")).toMatchObject({ attachedTo: ["n1"], exclusive: false });
    s = quiet(createPod(s, podWithVolumes("c", "n2", [shared])));
    expect(phase(s, "c")).toBe("Running");
    expect(diskOf(s, "gce-pd/pd-shared")!.attachedTo).toEqual(["n1", "n2"]);
  });

  it("a hostPath PV is a directory of the node's disk that outlives the pod", () => {
    let s = create(volumeCluster(["n1"]), "persistentvolumeclaims", claim("data"));
    s = create(s, "persistentvolumes", volume("pv-local", { hostPath: { path: "/mnt/data" } }));
    s = bindClaim(s, "data", "pv-local");
    s = quiet(createPod(s, podWithVolumes("db", "n1", [data])));
    expect(ownVolumes(s, "n1", "db")).toEqual({ data: "hostPath:/mnt/data" });
    s = quiet(del(s, "db"));
    expect(hostPaths(s, "n1")).toEqual(["/mnt/data"]);
    expect(allDisks(s)).toEqual([]);
  });
});
