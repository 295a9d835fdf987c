/**
 * Resource arithmetic of the scheduler: a pod's effective request, the non-zero request used for scoring, and a
 * node's allocatable. Follows staging/src/k8s.io/component-helpers/resource/helpers.go (PodRequests: containers
 * summed, init containers as a maximum, restartable init containers — sidecars — added to both, then the pod
 * overhead) and pkg/scheduler/framework/types.go (Resource.Add: cpu as MilliValue, the rest as Value;
 * getNonMissingContainerRequests: 100m cpu and 200Mi memory for a container that requests neither).
 */
import type { KObject } from "../objects/types.ts";
import { parseQuantity } from "../quantity/index.ts";
import type { NonZeroResources, Resources } from "./types.ts";

/** schedutil.DefaultMilliCPURequest: the cpu a container without a cpu request counts for in scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** schedutil.DefaultMemoryRequest: 200 MiB. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export const ZERO_RESOURCES: Resources = { milliCPU: 0, memory: 0, ephemeralStorage: 0 };

type ResourceList = Readonly<Record<string, unknown>>;

/** IsScalarResourceName: extended (domain-prefixed), hugepages-* and attachable-volumes-* resources. */
export function isScalarResourceName(name: string): boolean {
  if (name === "cpu" || name === "memory" || name === "ephemeral-storage" || name === "pods") return false;
  return name.includes("/") || name.startsWith("hugepages-") || name.startsWith("attachable-volumes-");
}

/** A quantity's value (cpu: millicores); an unparsable one counts as 0 (validation refuses those at create). */
function amount(name: string, v: unknown): number {
  try {
    const q = parseQuantity(String(v));
    return Number(name === "cpu" ? q.milliValue() : q.value());
  } catch {
    return 0;
  }
}

/** Resource.Add over a ResourceList (framework.NewResource). */
export function resourcesOf(list: ResourceList | undefined): Resources {
  let r: Resources = ZERO_RESOURCES;
  for (const [name, v] of Object.entries(list ?? {})) r = addOne(r, name, amount(name, v));
  return r;
}

function addOne(r: Resources, name: string, n: number): Resources {
  switch (name) {
    case "cpu":
      return { ...r, milliCPU: r.milliCPU + n };
    case "memory":
      return { ...r, memory: r.memory + n };
    case "ephemeral-storage":
      return { ...r, ephemeralStorage: r.ephemeralStorage + n };
    default:
      if (!isScalarResourceName(name)) return r;
      return { ...r, scalar: { ...(r.scalar ?? {}), [name]: (r.scalar?.[name] ?? 0) + n } };
  }
}

/** a + b (sign = -1: a - b), keeping scalar entries that reach zero out of the map. */
export function addResources(a: Resources, b: Resources, sign: 1 | -1 = 1): Resources {
  let scalar: Record<string, number> | undefined;
  if (a.scalar || b.scalar) {
    scalar = { ...(a.scalar ?? {}) };
    for (const [k, v] of Object.entries(b.scalar ?? {})) {
      const n = (scalar[k] ?? 0) + sign * v;
      if (n === 0) delete scalar[k];
      else scalar[k] = n;
    }
    if (Object.keys(scalar).length === 0) scalar = undefined;
  }
  return {
    milliCPU: a.milliCPU + sign * b.milliCPU,
    memory: a.memory + sign * b.memory,
    ephemeralStorage: a.ephemeralStorage + sign * b.ephemeralStorage,
    ...(scalar ? { scalar } : {}),
  };
}

/** Resource.SetMaxResource: the larger of a and b in every dimension. */
export function maxResources(a: Resources, b: Resources): Resources {
  const scalar: Record<string, number> = { ...(a.scalar ?? {}) };
  for (const [k, v] of Object.entries(b.scalar ?? {})) scalar[k] = Math.max(scalar[k] ?? 0, v);
  return {
    milliCPU: Math.max(a.milliCPU, b.milliCPU),
    memory: Math.max(a.memory, b.memory),
    ephemeralStorage: Math.max(a.ephemeralStorage, b.ephemeralStorage),
    ...(Object.keys(scalar).length ? { scalar } : {}),
  };
}

/** Whether every dimension is zero. */
export const isZeroResources = (r: Resources): boolean =>
  r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && Object.keys(r.scalar ?? {}).length === 0;

export function sameResources(a: Resources, b: Resources): boolean {
  if (a.milliCPU !== b.milliCPU || a.memory !== b.memory || a.ephemeralStorage !== b.ephemeralStorage) return false;
  const ka = Object.keys(a.scalar ?? {});
  if (ka.length !== Object.keys(b.scalar ?? {}).length) return false;
  return ka.every((k) => a.scalar![k] === b.scalar?.[k]);
}

/** Whether b needs less than a in some dimension and more in none (a resize that frees room). */
export function shrinks(a: Resources, b: Resources): boolean {
  const d = addResources(a, b, -1);
  const parts = [d.milliCPU, d.memory, d.ephemeralStorage, ...Object.values(d.scalar ?? {})];
  return parts.some((x) => x > 0) && parts.every((x) => x >= 0);
}

interface ContainerRequests {
  readonly requests: Resources;
  readonly restartable: boolean;
}

function containerRequests(c: any, nonMissing: boolean): Resources {
  const reqs: ResourceList = c?.resources?.requests ?? {};
  let r = resourcesOf(reqs);
  // applyNonMissing: a container without a cpu (memory) request counts as the default in scoring.
  if (nonMissing && !("cpu" in reqs)) r = { ...r, milliCPU: r.milliCPU + DEFAULT_MILLI_CPU_REQUEST };
  if (nonMissing && !("memory" in reqs)) r = { ...r, memory: r.memory + DEFAULT_MEMORY_REQUEST };
  return r;
}

/** PodRequests over a pod spec; nonMissing applies the scoring defaults to every container. */
function podRequestsWith(spec: any, nonMissing: boolean): Resources {
  let reqs = ZERO_RESOURCES;
  for (const c of spec?.containers ?? []) reqs = addResources(reqs, containerRequests(c, nonMissing));
  // InitContainerUse(i) = sum of the restartable init containers before i + the i-th container itself.
  let restartable = ZERO_RESOURCES;
  let initMax = ZERO_RESOURCES;
  const inits: ContainerRequests[] = (spec?.initContainers ?? []).map((c: any) => ({
    requests: containerRequests(c, nonMissing),
    restartable: c?.restartPolicy === "Always",
  }));
  for (const ic of inits) {
    let use: Resources;
    if (ic.restartable) {
      reqs = addResources(reqs, ic.requests);
      restartable = addResources(restartable, ic.requests);
      use = restartable;
    } else {
      use = addResources(ic.requests, restartable);
    }
    initMax = maxResources(initMax, use);
  }
  reqs = maxResources(reqs, initMax);
  if (spec?.overhead) reqs = addResources(reqs, resourcesOf(spec.overhead));
  return reqs;
}

/** The resources a pod needs on a node (NodeResourcesFit's computePodResourceRequest / PodRequests). */
export function podRequests(pod: KObject): Resources {
  return podRequestsWith(pod.spec, false);
}

/** The pod's cpu and memory with the non-zero defaults (NodeInfo.NonZeroRequested, LeastAllocated). */
export function podNonZeroRequests(pod: KObject): NonZeroResources {
  const r = podRequestsWith(pod.spec, true);
  return { milliCPU: r.milliCPU, memory: r.memory };
}

/** A node's allocatable resources and its pods limit (NodeInfo.SetNode → NewResource(status.allocatable)). */
export function nodeAllocatable(node: KObject): { allocatable: Resources; allowedPodNumber: number } {
  const list: ResourceList = node.status?.allocatable ?? {};
  return { allocatable: resourcesOf(list), allowedPodNumber: "pods" in list ? amount("pods", list.pods) : 0 };
}
