/**
 * The endpoints controller's informer event handlers: which Services a watch event puts in the work queue.
 * Follows pkg/controller/endpoint/endpoints_controller.go (addPod, updatePod, deletePod, onServiceUpdate,
 * onServiceDelete, onEndpointsDelete, checkLeftoverEndpoints) and staging/src/k8s.io/endpointslice/util/
 * controller_utils.go (GetPodServiceMemberships, GetPodUpdateProjectionKey, GetServicesToUpdate,
 * podEndpointsChanged, determineNeededServiceUpdates).
 */
import type { ComponentState } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { metaNamespaceKey } from "../../objects/types.ts";
import type { WatchEvent } from "../../apiserver/watch.ts";
import { cacheList } from "../../informers/cache.ts";
import { selectorMatches, serviceSelector } from "../../apiserver/service/service-helpers.ts";
import { isPodReady } from "./pod-endpoints.ts";

/** The annotation of leader-election records kept in Endpoints objects (resourcelock.LeaderElectionRecordAnnotationKey). */
export const LEADER_ELECTION_ANNOTATION = "control-plane.alpha.kubernetes.io/leader";

/** getServicesForPod: the cached Services of the namespace whose selector matches these labels. */
export function servicesForLabels(c: ComponentState, namespace: string, labels: Readonly<Record<string, string>> | undefined): Set<string> {
  const out = new Set<string>();
  for (const svc of cacheList(c, "services", namespace)) {
    const sel = serviceSelector(svc);
    if (sel && selectorMatches(sel, labels)) out.add(metaNamespaceKey(svc));
  }
  return out;
}

const labelsEqual = (a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined) => {
  const x = a ?? {};
  const y = b ?? {};
  const kx = Object.keys(x);
  return kx.length === Object.keys(y).length && kx.every((k) => y[k] === x[k]);
};

const podIPs = (p: KObject): string => JSON.stringify((p.status?.podIPs ?? []).map((i: { ip: string }) => i.ip));

/** podEndpointsChanged: [the pod changed in a way that changes its addresses, its labels (or hostname) changed]. */
export function podEndpointsChanged(oldPod: KObject, newPod: KObject): { podChanged: boolean; labelsChanged: boolean } {
  const labelsChanged =
    !labelsEqual(oldPod.metadata.labels, newPod.metadata.labels) ||
    oldPod.spec?.hostname !== newPod.spec?.hostname ||
    oldPod.spec?.subdomain !== newPod.spec?.subdomain;
  const podChanged =
    oldPod.metadata.deletionTimestamp !== newPod.metadata.deletionTimestamp ||
    isPodReady(oldPod) !== isPodReady(newPod) ||
    podIPs(oldPod) !== podIPs(newPod);
  return { podChanged, labelsChanged };
}

/** updatePod: the Services whose Endpoints an update of the pod may change. */
export function servicesForPodUpdate(c: ComponentState, oldPod: KObject, newPod: KObject): Set<string> {
  // A resync delivers the same version again; the Service informer's resync already covers every Service.
  if (oldPod.metadata.resourceVersion === newPod.metadata.resourceVersion) return new Set();
  const { podChanged, labelsChanged } = podEndpointsChanged(oldPod, newPod);
  if (!podChanged && !labelsChanged) return new Set();
  const ns = newPod.metadata.namespace!;
  const current = servicesForLabels(c, ns, newPod.metadata.labels);
  if (!labelsChanged) return current;
  const old = servicesForLabels(c, ns, oldPod.metadata.labels);
  // determineNeededServiceUpdates: a changed pod concerns every Service it was or is in; a pure label change
  // only the Services it joined or left.
  if (podChanged) return new Set([...current, ...old]);
  return new Set([...[...current].filter((k) => !old.has(k)), ...[...old].filter((k) => !current.has(k))]);
}

/** The work-queue keys of one watch event. */
export function endpointsKeysFor(resource: string, ev: WatchEvent, c: ComponentState): readonly string[] {
  switch (resource) {
    case "services":
      return [metaNamespaceKey(ev.object)];
    case "endpoints": {
      if (ev.type === "DELETED") return [metaNamespaceKey(ev.object)];
      // checkLeftoverEndpoints: once, at start, every Endpoints object's Service is synced, so Endpoints left
      // behind by a Service deleted while the controller was down are deleted too.
      const initialList = !c.informers.endpoints?.synced;
      const leader = ev.object.metadata.annotations?.[LEADER_ELECTION_ANNOTATION] !== undefined;
      return ev.type === "ADDED" && initialList && !leader ? [metaNamespaceKey(ev.object)] : [];
    }
    case "pods": {
      const pod = ev.object;
      if (ev.type === "MODIFIED" && ev.oldObject) return [...servicesForPodUpdate(c, ev.oldObject, pod)].sort();
      // addPod, and deletePod (which is addPod of the last known state).
      return [...servicesForLabels(c, pod.metadata.namespace!, pod.metadata.labels)];
    }
    default:
      return [];
  }
}
