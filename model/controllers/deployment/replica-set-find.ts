/**
 * Which of a deployment's ReplicaSets is the new one (its template is the deployment's) and which are old, and the
 * orders used when scaling them.
 *
 * Follows pkg/controller/deployment/util/deployment_util.go (EqualIgnoreHash, FindNewReplicaSet,
 * FindOldReplicaSets, FindActiveOrLatest), pkg/controller/controller_utils.go (ReplicaSetsBySizeOlder,
 * ReplicaSetsBySizeNewer) and pkg/util/labels/labels.go (CloneAndAddLabel, CloneSelectorAndAddLabel). Pure.
 */
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import { DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, semanticJson } from "./hash.ts";
import { compareReplicaSetsByCreationTimestamp, filterActiveReplicaSets, sortReplicaSetsByCreationTimestamp } from "./replica-set-order.ts";
import { rsReplicas, type DeploymentV, type ReplicaSetV } from "./types.ts";
import { memoByObject } from "../../collections/memo.ts";

/**
 * Canonical renderings of templates without their hash label, by template object. Stored objects are frozen and
 * shared between states, so a ReplicaSet's template is rendered once, not on every sync of its deployment.
 */

/** The canonical rendering of a template without the pod-template-hash label, as EqualIgnoreHash compares it. */
function renderWithoutHash(t: PodTemplateSpec | undefined): string {
  return t ? rendering(t) : semanticJson({});
}

const rendering = memoByObject((t: PodTemplateSpec) => {
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
  return semanticJson({ ...t, metadata: { ...(t.metadata ?? {}), labels } });
}, Object.isFrozen);

/**
 * Whether two pod templates are equal apart from the pod-template-hash label (which changes when the hash
 * function's input changes across API versions). Follows deployment_util.go (EqualIgnoreHash).
 */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return renderWithoutHash(a) === renderWithoutHash(b);
}

/**
 * The deployment's new ReplicaSet: the oldest one whose template equals the deployment's (there can be two after
 * an upgrade changed the hash, kubernetes#40415; picking the oldest is deterministic), or undefined.
 * Follows deployment_util.go (FindNewReplicaSet).
 */
export function findNewReplicaSet<T extends ReplicaSetV>(d: DeploymentV, rsList: readonly T[]): T | undefined {
  const template = d.spec?.template;
  return sortReplicaSetsByCreationTimestamp(rsList).find((rs) => equalIgnoreHash(rs.spec?.template, template));
}

/**
 * The old ReplicaSets: all but the new one (`all`), and those of them with spec.replicas ≠ 0 (`withReplicas`).
 * Follows deployment_util.go (FindOldReplicaSets).
 */
export function findOldReplicaSets<T extends ReplicaSetV>(d: DeploymentV, rsList: readonly T[]): { withReplicas: T[]; all: T[] } {
  const newRS = findNewReplicaSet(d, rsList);
  const all: T[] = [];
  const withReplicas: T[] = [];
  for (const rs of rsList) {
    if (newRS !== undefined && rs.metadata?.uid === newRS.metadata?.uid) continue;
    all.push(rs);
    if (rsReplicas(rs) !== 0) withReplicas.push(rs);
  }
  return { withReplicas, all };
}

/**
 * The only active ReplicaSet, or the newest one when none is active (the new one if it exists); undefined when
 * several are active (they are then scaled proportionally). Follows deployment_util.go (FindActiveOrLatest).
 */
export function findActiveOrLatest<T extends ReplicaSetV>(newRS: T | undefined, oldRSs: readonly T[]): T | undefined {
  if (newRS === undefined && oldRSs.length === 0) return undefined;
  const newestFirst = sortReplicaSetsByCreationTimestamp(oldRSs).reverse();
  const active = filterActiveReplicaSets<T>([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** Larger first; among equals, older first (controller_utils.go ReplicaSetsBySizeOlder: scale-down order). */
export function sortReplicaSetsBySizeOlder<T extends ReplicaSetV>(rss: readonly T[]): T[] {
  return [...rss].sort((a, b) => (rsReplicas(a) === rsReplicas(b) ? compareReplicaSetsByCreationTimestamp(a, b) : rsReplicas(b) - rsReplicas(a)));
}

/** Larger first; among equals, newer first (controller_utils.go ReplicaSetsBySizeNewer: scale-up order). */
export function sortReplicaSetsBySizeNewer<T extends ReplicaSetV>(rss: readonly T[]): T[] {
  return [...rss].sort((a, b) => (rsReplicas(a) === rsReplicas(b) ? compareReplicaSetsByCreationTimestamp(b, a) : rsReplicas(b) - rsReplicas(a)));
}

/** A copy of a label map with one more label. Follows labels.go (CloneAndAddLabel). */
export function cloneAndAddLabel(labels: Readonly<Record<string, string>> | undefined, key: string, value: string): Record<string, string> {
  return { ...(labels ?? {}), [key]: value };
}

/** A copy of a selector with one more matchLabels entry. Follows labels.go (CloneSelectorAndAddLabel). */
export function cloneSelectorAndAddLabel(selector: LabelSelector | undefined, key: string, value: string): LabelSelector {
  return { ...(selector ?? {}), matchLabels: cloneAndAddLabel(selector?.matchLabels, key, value) };
}
