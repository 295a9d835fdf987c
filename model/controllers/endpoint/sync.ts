/**
 * syncService of the endpoints controller (pkg/controller/endpoint/endpoints_controller.go): the Endpoints object of
 * a Service lists the matching pods of its namespace, ready ones under addresses and the others under
 * notReadyAddresses, with each Service port resolved per pod.
 */
import type { ComponentState, State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { ReconcileResult } from "../../components/behavior.ts";
import type { EffectLog } from "../../effects.ts";
import { splitMetaNamespaceKey } from "../../objects/types.ts";
import { cacheGet, cacheList } from "../../informers/cache.ts";
import { send } from "../../client.ts";
import { isStatus, type Status } from "../../apiserver/status.ts";
import { updateComponent } from "../../components/update.ts";
import { recordEvent } from "../../events/recorder.ts";
import { isServiceIPSet, selectorMatches, serviceSelector, servicePorts, serviceType } from "../../apiserver/service/service-helpers.ts";
import { endpointPort, findPort, isPodReady, podToEndpointAddress, shouldPodBeInEndpoints, type EndpointSubset } from "./pod-endpoints.ts";
import { capacityAnnotationSetCorrectly, OVER_CAPACITY_ANNOTATION, repackSubsets, subsetsEqualIgnoringResourceVersion, truncateSubsets } from "./repack.ts";
import { forgetStale, isStale, markStale, type EndpointsControllerMemory } from "./memory.ts";

/** v1.IsHeadlessService: the label on the Endpoints of a headless Service. */
export const HEADLESS_LABEL = "service.kubernetes.io/headless";

export interface EndpointsSyncOptions {
  /**
   * Bug-zoo variant (kubernetes#54723): a pod being deleted stays in the Endpoints, and under the ready addresses
   * while its readiness probe still passes, so it keeps getting new connections during its grace period.
   */
  readonly keepTerminatingReady?: boolean;
}

/** An endpoints controller component, its memory typed. */
type EndpointsControllerComponent = ComponentState<EndpointsControllerMemory>;

const setMemory = (state: State, c: EndpointsControllerComponent, m: EndpointsControllerMemory): State =>
  m === c.memory ? state : updateComponent<EndpointsControllerMemory>(state, c.id, (cur) => ({ ...cur, memory: m }));

/** The subsets of a Service's Endpoints computed from the pods in the controller's cache. */
export function desiredSubsets(svc: KObject, pods: readonly KObject[], opts: EndpointsSyncOptions = {}): EndpointSubset[] {
  const tolerateUnready = svc.spec?.publishNotReadyAddresses === true;
  const ports = servicePorts(svc);
  const subsets: EndpointSubset[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready || opts.keepTerminatingReady === true)) continue;
    const epa = podToEndpointAddress(svc, pod);
    if (!epa) continue;
    // addEndpointSubset: ready when the Service tolerates unready endpoints or the pod is Ready.
    const ready = tolerateUnready || isPodReady(pod);
    const entry = (p?: ReturnType<typeof endpointPort>): EndpointSubset =>
      ready ? { addresses: [epa], ports: p ? [p] : [] } : { notReadyAddresses: [epa], ports: p ? [p] : [] };
    if (ports.length === 0) {
      // Allow a headless Service not to have ports.
      if (svc.spec?.clusterIP === "None") subsets.push(entry());
      continue;
    }
    for (const sp of ports) {
      const port = findPort(pod, sp);
      if (port === undefined) continue; // "Failed to find port for service": this pod does not serve that port
      subsets.push(entry(endpointPort(sp, port)));
    }
  }
  return repackSubsets(subsets);
}

const labelsWithout = (labels: Readonly<Record<string, string>> | undefined, key: string): Record<string, string> => {
  const out: Record<string, string> = { ...(labels ?? {}) };
  delete out[key];
  return out;
};

const sameLabels = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>> | undefined) => {
  const y = b ?? {};
  const ka = Object.keys(a);
  return ka.length === Object.keys(y).length && ka.every((k) => y[k] === a[k]);
};

const namespaceTerminating = (st: Status) => st.code === 403 && (st.details?.causes ?? []).some((c) => c.type === "NamespaceTerminating");

/** syncService for one Service key. */
export function syncService(state: State, c: EndpointsControllerComponent, key: string, opts: EndpointsSyncOptions, log: EffectLog): ReconcileResult {
  const { namespace, name } = splitMetaNamespaceKey(key);
  const svc = cacheGet(c, "services", key);
  if (!svc) {
    // The Service is gone: delete its Endpoints. (If the controller was down when the Service went, the
    // leftover-endpoints check at start brings the key back.)
    const r = send(state, c.id, { verb: "delete", resource: "endpoints", namespace, name }, log);
    if (isStatus(r.result) && r.result.code !== 404) return { state: r.state, requeue: true };
    return { state: setMemory(r.state, c, forgetStale(c.memory, key)) };
  }
  // ExternalName Services and Services without a selector get no endpoints from this controller (the latter's
  // Endpoints are written by the user).
  if (serviceType(svc) === "ExternalName") return { state };
  const selector = serviceSelector(svc);
  if (!selector) return { state };

  const pods = cacheList(c, "pods", namespace).filter((p) => selectorMatches(selector, p.metadata.labels));
  let subsets = desiredSubsets(svc, pods, opts);

  const current = cacheGet(c, "endpoints", key);
  if (current && isStale(c.memory, current)) {
    // "endpoints informer cache is out of date": retry once the informer has delivered our last write.
    return { state, requeue: true };
  }
  const create = current === undefined;
  const svcLabels = svc.metadata.labels ?? {};
  if (
    !create &&
    subsetsEqualIgnoringResourceVersion(current.subsets as EndpointSubset[] | undefined, subsets) &&
    sameLabels(svcLabels, labelsWithout(current.metadata.labels, HEADLESS_LABEL)) &&
    capacityAnnotationSetCorrectly(current.metadata.annotations, (current.subsets ?? []) as EndpointSubset[])
  ) {
    return { state };
  }
  const annotations: Record<string, string> = { ...(create ? {} : current.metadata.annotations ?? {}) };
  const truncated = truncateSubsets(subsets);
  if (truncated) {
    subsets = truncated;
    annotations[OVER_CAPACITY_ANNOTATION] = "truncated";
  } else delete annotations[OVER_CAPACITY_ANNOTATION];
  const labels = isServiceIPSet(svc) ? labelsWithout(svcLabels, HEADLESS_LABEL) : { ...svcLabels, [HEADLESS_LABEL]: "" };
  const metadata = {
    ...(create ? { name, namespace } : current.metadata),
    ...(Object.keys(labels).length ? { labels } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
  if (!Object.keys(labels).length) delete (metadata as { labels?: unknown }).labels;
  if (!Object.keys(annotations).length) delete (metadata as { annotations?: unknown }).annotations;
  const next: KObject = { apiVersion: "v1", kind: "Endpoints", metadata, ...(subsets.length ? { subsets } : {}) };

  const r = create
    ? send(state, c.id, { verb: "create", resource: "endpoints", namespace, object: next }, log)
    : send(state, c.id, { verb: "update", resource: "endpoints", namespace, name, object: next }, log);
  if (isStatus(r.result)) {
    // A namespace being deleted refuses new content for good: drop the key.
    if (create && namespaceTerminating(r.result)) return { state: r.state };
    const reason = create ? "FailedToCreateEndpoint" : "FailedToUpdateEndpoint";
    const message = create
      ? `Failed to create endpoint for service ${namespace}/${name}: ${r.result.message}`
      : `Failed to update endpoint ${namespace}/${name}: ${r.result.message}`;
    return { state: recordEvent(r.state, c.id, next, { type: "Warning", reason, message }, log), requeue: true };
  }
  if (!create && r.result.metadata.resourceVersion !== current.metadata.resourceVersion) {
    return { state: setMemory(r.state, c, markStale(c.memory, current)) };
  }
  return { state: r.state };
}
