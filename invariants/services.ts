/**
 * Service invariants: the allocators (pkg/registry/core/service/ipallocator and portallocator) and the
 * Endpoints the endpoints controller keeps (pkg/controller/endpoint/endpoints_controller.go).
 */
import type { Invariant, Violation } from "./types.ts";
import { eventsSince, objectsUnder, ref } from "./objects.ts";
import type { KObject } from "../model/objects/types.ts";
import type { State } from "../model/state.ts";
import { btreeGet } from "../model/collections/btree.ts";
import { storeGet } from "../model/store/store.ts";
import { cacheGet, cacheList } from "../model/informers/cache.ts";
import { queueHas } from "../model/informers/workqueue.ts";
import { ENDPOINTS_CONTROLLER_ID } from "../model/controllers/endpoint/controller.ts";
import { findPort, isPodReady, isPodTerminal, type EndpointSubset } from "../model/controllers/endpoint/pod-endpoints.ts";
import { selectorMatches, serviceSelector, servicePorts, serviceType } from "../model/apiserver/service/service-helpers.ts";

export const clusterIPsUnique: Invariant = {
  id: "service-ips-and-node-ports-unique",
  description: "no two Services share a ClusterIP or a NodePort",
  kind: "safety",
  source: "pkg/registry/core/service/ipallocator, portallocator",
  check(state, prev) {
    if (prev && !eventsSince(state, prev).some((e) => e.kv.key.startsWith("/registry/services/"))) return [];
    const ips = new Map<string, KObject>();
    const ports = new Map<string, KObject>();
    const out: Violation[] = [];
    for (const s of objectsUnder(state, "/registry/services/")) {
      const ip = s.spec?.clusterIP;
      if (ip && ip !== "None") {
        const o = ips.get(ip);
        if (o) out.push({ invariant: this.id, objects: [ref(o), ref(s)], message: `${ref(o)} and ${ref(s)} both have ClusterIP ${ip}` });
        else ips.set(ip, s);
      }
      for (const p of s.spec?.ports ?? []) {
        if (!p.nodePort) continue;
        const k = `${p.protocol ?? "TCP"}/${p.nodePort}`;
        const o = ports.get(k);
        if (o && o !== s) out.push({ invariant: this.id, objects: [ref(o), ref(s)], message: `${ref(o)} and ${ref(s)} both use NodePort ${k}` });
        else ports.set(k, s);
      }
    }
    return out;
  },
};

const ENDPOINTS_PREFIX = "/registry/endpoints/";
const storedEndpoints = (state: State, key: string): KObject | undefined => storeGet(state.store, `${ENDPOINTS_PREFIX}${key}`)?.value;
const namespaceTerminating = (state: State, ns: string): boolean => storeGet(state.store, `/registry/namespaces/${ns}`)?.value.metadata.deletionTimestamp !== undefined;
/** Services the endpoints controller keeps Endpoints for: a selector, and not ExternalName. */
const managedSelector = (svc: KObject) => (serviceType(svc) === "ExternalName" ? undefined : serviceSelector(svc));
const subsetsOf = (ep: KObject): readonly EndpointSubset[] => (ep.subsets ?? []) as readonly EndpointSubset[];

/**
 * Safety: the ready addresses of a Service's Endpoints are pods that are Ready, not terminating, not finished,
 * and match the selector — judged against the endpoints controller's own cache, once the controller has
 * processed what that cache knows. The lag Kubernetes allows is exactly this: a pod change the controller has
 * not seen yet (its informer has not delivered it), or has seen but not synced yet (the Service's key is still
 * in its queue), may leave a stale address for a while. What it does not allow is a sync that, from a cache that
 * already shows the pod terminating, keeps it under `addresses` (kubernetes#54723): new connections keep going
 * to a pod that is shutting down.
 *
 * Checked only after steps that touched the controller or an Endpoints object.
 */
export const endpointsReadyAddresses: Invariant = {
  id: "endpoints-ready-addresses",
  description: "ready Endpoints addresses are pods that are Ready, not terminating and match the selector, once the endpoints controller has synced what its cache knows",
  kind: "safety",
  source: "pkg/controller/endpoint/endpoints_controller.go (syncService); staging/src/k8s.io/endpointslice/util/controller_utils.go (ShouldPodBeInEndpoints); kubernetes#54723",
  check(state, prev) {
    const c = btreeGet(state.components, ENDPOINTS_CONTROLLER_ID);
    if (!c) return [];
    if (prev && btreeGet(prev.components, ENDPOINTS_CONTROLLER_ID) === c && !eventsSince(state, prev).some((e) => e.kv.key.startsWith(ENDPOINTS_PREFIX))) return [];
    const out: Violation[] = [];
    for (const svc of cacheList(c, "services")) {
      const selector = managedSelector(svc);
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      if (!selector || queueHas(c.queue, key)) continue;
      const ep = storedEndpoints(state, key);
      if (!ep) continue;
      const tolerate = svc.spec?.publishNotReadyAddresses === true;
      for (const subset of subsetsOf(ep)) {
        for (const addr of subset.addresses ?? []) {
          const t = addr.targetRef;
          if (!t || t.kind !== "Pod") continue;
          const pod = cacheGet(c, "pods", `${t.namespace}/${t.name}`);
          const why =
            !pod || pod.metadata.uid !== t.uid
              ? "is gone"
              : isPodTerminal(pod)
                ? `has finished (${pod.status.phase})`
                : !selectorMatches(selector, pod.metadata.labels)
                  ? "no longer matches the Service's selector"
                  : !tolerate && pod.metadata.deletionTimestamp
                    ? "is terminating"
                    : !tolerate && !isPodReady(pod)
                      ? "is not Ready"
                      : undefined;
          if (why) {
            out.push({
              invariant: this.id,
              objects: [ref(ep), `Pod ${t.namespace}/${t.name}`],
              message: `${ref(ep)} lists pod ${t.namespace}/${t.name} (${addr.ip}) as ready, but the endpoints controller has synced the Service from a cache in which the pod ${why}`,
            });
          }
        }
      }
    }
    return out;
  },
};

/** Pod uids of a list of addresses. */
const uidsOf = (addrs: readonly { targetRef?: { uid?: string } }[] | undefined, into: Set<string>) => {
  for (const a of addrs ?? []) if (a.targetRef?.uid) into.add(a.targetRef.uid);
};
const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((x) => b.has(x));

/**
 * Convergence: once the cluster has settled, every Service with a selector has Endpoints listing exactly its
 * matching pods that serve one of its ports — the Ready, non-terminating ones under addresses and the others
 * (running, with an IP, not terminating) under notReadyAddresses; with publishNotReadyAddresses every such pod
 * is ready.
 */
export const endpointsConverged: Invariant = {
  id: "endpoints-converged",
  description: "after the cluster settles, every Service's Endpoints equal its matching pods, the Ready ones under addresses",
  kind: "convergence",
  source: "pkg/controller/endpoint/endpoints_controller.go (syncService); Anvil ESR",
  check(state) {
    const out: Violation[] = [];
    const podsByNs = new Map<string, KObject[]>();
    for (const svc of objectsUnder(state, "/registry/services/")) {
      const selector = managedSelector(svc);
      const ns = svc.metadata.namespace!;
      if (!selector || namespaceTerminating(state, ns)) continue;
      if (!podsByNs.has(ns)) podsByNs.set(ns, objectsUnder(state, `/registry/pods/${ns}/`));
      const tolerate = svc.spec?.publishNotReadyAddresses === true;
      const ports = servicePorts(svc);
      const wantReady = new Set<string>();
      const wantNotReady = new Set<string>();
      for (const pod of podsByNs.get(ns)!) {
        if (!selectorMatches(selector, pod.metadata.labels) || isPodTerminal(pod) || !pod.status?.podIP) continue;
        if (pod.metadata.deletionTimestamp && !tolerate) continue;
        const serves = ports.length === 0 ? svc.spec?.clusterIP === "None" : ports.some((p) => findPort(pod, p) !== undefined);
        if (!serves) continue;
        (tolerate || isPodReady(pod) ? wantReady : wantNotReady).add(pod.metadata.uid!);
      }
      const ep = storedEndpoints(state, `${ns}/${svc.metadata.name}`);
      if (!ep) {
        out.push({ invariant: this.id, objects: [ref(svc)], message: `${ref(svc)} has no Endpoints after the cluster settled` });
        continue;
      }
      const ready = new Set<string>();
      const notReady = new Set<string>();
      for (const s of subsetsOf(ep)) {
        uidsOf(s.addresses, ready);
        uidsOf(s.notReadyAddresses, notReady);
      }
      if (!sameSet(ready, wantReady) || !sameSet(notReady, wantNotReady)) {
        out.push({
          invariant: this.id,
          objects: [ref(svc), ref(ep)],
          message: `${ref(ep)} lists ${ready.size} ready and ${notReady.size} not-ready pods, but ${ref(svc)} selects ${wantReady.size} ready and ${wantNotReady.size} not-ready pods`,
        });
      }
    }
    return out;
  },
};

/**
 * Safety: an Endpoints object goes only with its Service — deleted by the Service registry when the Service is
 * deleted, or by the endpoints controller once its (synced) Service cache has seen the Service go. Deleting the
 * Endpoints of a live Service that is older than them blackholes its traffic until the controller notices; that
 * is what a controller whose workers start before its Service informer has listed does (the leftover-endpoints
 * check at start-up takes "not in my empty cache" for "deleted": kubernetes#30770, #104062). A Service younger
 * than the Endpoints (deleted and recreated with the same name while the controller lagged) is the race
 * Kubernetes allows; so is a namespace being emptied.
 */
export const endpointsDeletedOnlyWithService: Invariant = {
  id: "endpoints-deleted-only-with-service",
  description: "the Endpoints of a live Service are never deleted (they go only with their Service)",
  kind: "safety",
  source: "pkg/controller/endpoint/endpoints_controller.go (syncService, checkLeftoverEndpoints); kubernetes#30770",
  check(state, prev) {
    if (!prev) return [];
    const out: Violation[] = [];
    for (const ev of eventsSince(state, prev)) {
      if (ev.type !== "DELETE" || !ev.kv.key.startsWith(ENDPOINTS_PREFIX)) continue;
      const key = ev.kv.key.slice(ENDPOINTS_PREFIX.length);
      const svc = storeGet(state.store, `/registry/services/${key}`);
      const created = ev.prevKv?.createRevision;
      if (!svc || created === undefined || svc.createRevision > created) continue;
      if (namespaceTerminating(state, key.slice(0, key.indexOf("/")))) continue;
      out.push({
        invariant: this.id,
        objects: [ref(svc.value), `Endpoints ${key}`],
        message: `Endpoints ${key} were deleted while ${ref(svc.value)} (older than them) still exists`,
      });
    }
    return out;
  },
};
