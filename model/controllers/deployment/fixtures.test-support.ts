/**
 * Test support: the deployment-rolling.json vectors (transcribed from deployment_util_test.go, rolling_test.go and
 * intstr_test.go) and builders that turn their rows into Deployment / ReplicaSet objects the way the Go test
 * helpers (newDeployment, rs, newRSWithFullStatus, generateRS) build them.
 */
import cases from "../../../test/fixtures/fidelity/deployment-rolling.json" with { type: "json" };
import type { IntOrString } from "./intstr.ts";
import type { DeploymentFeatureGates, DeploymentStatusV, DeploymentV, PodReplacementPolicy, ReplicaSetV } from "./types.ts";

/** A fixture row; the fields depend on `kind` (see test/fixtures/fidelity/README.md). */
export interface Row {
  readonly kind: string;
  readonly source: string;
  readonly [field: string]: unknown;
}

/** All rows, with their index in the file. */
export const rows: readonly { readonly row: Row; readonly index: number }[] = (cases as unknown as Row[]).map(
  (row, index) => ({ row, index }),
);

/** The rows of one kind. */
export function rowsOf(kind: string): { row: Row; index: number }[] {
  return rows.filter((r) => r.row.kind === kind);
}

/** A stable test name: kind, index in the file, and the Go test it comes from. */
export function testName(r: { row: Row; index: number }): string {
  return `${r.row.kind} #${r.index} (${r.row.source.split("#")[1] ?? r.row.source})`;
}

/** Options of {@link deployment}. */
export interface DeploymentOpts {
  readonly replicas?: number | null;
  readonly strategy?: string;
  readonly maxSurge?: IntOrString | null;
  readonly maxUnavailable?: IntOrString | null;
  readonly podReplacementPolicy?: PodReplacementPolicy | null;
  readonly status?: DeploymentStatusV;
  readonly generation?: number;
}

/** A deployment like the Go tests' newDeployment: RollingUpdate unless told, unset IntOrStrings left out. */
export function deployment(o: DeploymentOpts): DeploymentV {
  const rollingUpdate: { maxSurge?: IntOrString; maxUnavailable?: IntOrString } = {};
  if (o.maxSurge != null) rollingUpdate.maxSurge = o.maxSurge;
  if (o.maxUnavailable != null) rollingUpdate.maxUnavailable = o.maxUnavailable;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "foo", namespace: "default", ...(o.generation === undefined ? {} : { generation: o.generation }) },
    spec: {
      ...(o.replicas == null ? {} : { replicas: o.replicas }),
      selector: { matchLabels: { foo: "bar" } },
      template: { metadata: { labels: { foo: "bar" } } },
      strategy: { type: o.strategy ?? "RollingUpdate", rollingUpdate },
      ...(o.podReplacementPolicy == null ? {} : { podReplacementPolicy: o.podReplacementPolicy }),
    },
    ...(o.status === undefined ? {} : { status: o.status }),
  };
}

/** Options of {@link replicaSet}. */
export interface RSOpts {
  readonly name?: string;
  readonly spec: number;
  readonly statusReplicas?: number;
  readonly available?: number;
  readonly terminating?: number | null;
  readonly observedGeneration?: number;
  readonly annotations?: Record<string, string>;
  readonly creationTimestamp?: string;
}

/** A ReplicaSet with the given spec and status replica counts. */
export function replicaSet(o: RSOpts): ReplicaSetV {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: o.name ?? "rs",
      namespace: "default",
      ...(o.annotations === undefined ? {} : { annotations: o.annotations }),
      ...(o.creationTimestamp === undefined ? {} : { creationTimestamp: o.creationTimestamp }),
    },
    spec: { replicas: o.spec, selector: { matchLabels: { foo: "bar" } } },
    status: {
      replicas: o.statusReplicas ?? 0,
      ...(o.available === undefined ? {} : { availableReplicas: o.available }),
      ...(o.observedGeneration === undefined ? {} : { observedGeneration: o.observedGeneration }),
      ...(o.terminating == null ? {} : { terminatingReplicas: o.terminating }),
    },
  };
}

/**
 * The feature-gate combinations a reconcile-new-rs row is asserted with: either an object of gates, or a text
 * such as "asserted with {TerminatingReplicas:false, PodReplacementPolicy:false} and {...}".
 */
export function gateCombinations(v: unknown): DeploymentFeatureGates[] {
  if (typeof v === "object" && v !== null) {
    const o = v as Record<string, unknown>;
    return [
      {
        deploymentReplicaSetTerminatingReplicas: o["DeploymentReplicaSetTerminatingReplicas"] === true,
        deploymentPodReplacementPolicy: o["DeploymentPodReplacementPolicy"] === true,
      },
    ];
  }
  if (typeof v === "string") {
    const combos = [...v.matchAll(/\{([^}]*)\}/g)].map((m) => {
      const flag = (name: string) => new RegExp(`${name}\\s*:\\s*true`).test(m[1] ?? "");
      return {
        deploymentReplicaSetTerminatingReplicas: flag("TerminatingReplicas"),
        deploymentPodReplacementPolicy: flag("PodReplacementPolicy"),
      };
    });
    if (combos.length > 0) return combos;
  }
  return [{}];
}

/** Reads a number field of a row (null/undefined stay as they are). */
export function num(row: Row, field: string): number {
  const v = row[field];
  if (typeof v !== "number") throw new Error(`${row.source}: field ${field} is not a number`);
  return v;
}

/** Reads an IntOrString field of a row. */
export function ios(row: Row, field: string): IntOrString | null {
  const v = row[field];
  return v === undefined || v === null ? null : (v as IntOrString);
}
