import { describe, expect, it } from "vitest";
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { btreeGet } from "../../collections/btree.ts";
import { deploymentKeysFor, getDeploymentForPod } from "./event-handlers.ts";
import { DC, createDeployment, deploymentCluster, deploymentManifest, livePods, replicaSetsOf, settle } from "./cluster.test-support.ts";


const comp = (s: State) => btreeGet(s.components, DC)!;
const orphan = (name: string, labels: Record<string, string>): KObject => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name, namespace: "default", labels, resourceVersion: "1" },
  spec: { replicas: 1, selector: { matchLabels: labels } },
});

describe("Deployment controller event handlers (deployment_controller.go)", () => {
  let s = createDeployment(deploymentCluster(), deploymentManifest("web", { replicas: 1 }));
  s = createDeployment(s, deploymentManifest("db", { replicas: 1, strategy: "Recreate" }));
  s = settle(s).state;
  const c = comp(s);

  it("a deployment event queues the deployment", () => {
    const d = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x", namespace: "default" } };
    expect(deploymentKeysFor("deployments.apps", { type: "ADDED", object: d }, c)).toEqual(["default/x"]);
    expect(deploymentKeysFor("deployments.apps", { type: "DELETED", object: d, oldObject: d }, c)).toEqual(["default/x"]);
  });

  it("an owned ReplicaSet's events queue its deployment; a resync (same resourceVersion) queues nothing", () => {
    const [rs] = replicaSetsOf(s, "web");
    expect(deploymentKeysFor("replicasets.apps", { type: "ADDED", object: rs! }, c)).toEqual(["default/web"]);
    expect(deploymentKeysFor("replicasets.apps", { type: "MODIFIED", object: rs!, oldObject: rs! }, c)).toEqual([]);
    const bumped = { ...rs!, metadata: { ...rs!.metadata, resourceVersion: "999999" } };
    expect(deploymentKeysFor("replicasets.apps", { type: "MODIFIED", object: bumped, oldObject: rs! }, c)).toEqual(["default/web"]);
    expect(deploymentKeysFor("replicasets.apps", { type: "DELETED", object: rs!, oldObject: rs! }, c)).toEqual(["default/web"]);
    // A controller reference with another uid resolves to nothing.
    const foreign = { ...rs!, metadata: { ...rs!.metadata, ownerReferences: [{ ...rs!.metadata.ownerReferences![0]!, uid: "other" }] } };
    expect(deploymentKeysFor("replicasets.apps", { type: "ADDED", object: foreign }, c)).toEqual([]);
  });

  it("an orphan ReplicaSet wakes the deployments whose selector matches it; its deletion wakes none", () => {
    expect(deploymentKeysFor("replicasets.apps", { type: "ADDED", object: orphan("o", { app: "web", extra: "1" }) }, c)).toEqual(["default/web"]);
    expect(deploymentKeysFor("replicasets.apps", { type: "ADDED", object: orphan("o", { app: "cache" }) }, c)).toEqual([]);
    const o = orphan("o", { app: "web" });
    expect(deploymentKeysFor("replicasets.apps", { type: "DELETED", object: o, oldObject: o }, c)).toEqual([]);
    // An orphan whose labels change to match is offered for adoption.
    const relabeled = { ...orphan("o", { app: "db" }), metadata: { ...orphan("o", { app: "db" }).metadata, resourceVersion: "2" } };
    expect(deploymentKeysFor("replicasets.apps", { type: "MODIFIED", object: relabeled, oldObject: orphan("o", { app: "cache" }) }, c)).toEqual(["default/db"]);
  });

  it("a released ReplicaSet wakes its former owner", () => {
    const [rs] = replicaSetsOf(s, "web");
    const released = { ...rs!, metadata: { ...rs!.metadata, ownerReferences: [], labels: { app: "gone" }, resourceVersion: "999999" } };
    expect(deploymentKeysFor("replicasets.apps", { type: "MODIFIED", object: released, oldObject: rs! }, c)).toEqual(["default/web"]);
  });

  it("a pod deletion wakes a Recreate deployment only", () => {
    const pods = livePods(s);
    const webPod = pods.find((p) => p.metadata.labels?.app === "web")!;
    const dbPod = pods.find((p) => p.metadata.labels?.app === "db")!;
    expect(getDeploymentForPod(c, webPod)?.metadata.name).toBe("web");
    expect(deploymentKeysFor("pods", { type: "DELETED", object: webPod, oldObject: webPod }, c)).toEqual([]);
    expect(deploymentKeysFor("pods", { type: "DELETED", object: dbPod, oldObject: dbPod }, c)).toEqual(["default/db"]);
    expect(deploymentKeysFor("pods", { type: "MODIFIED", object: dbPod, oldObject: dbPod }, c)).toEqual([]);
  });
});
