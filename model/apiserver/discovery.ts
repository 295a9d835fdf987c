/**
 * The discovery documents kubectl reads before anything else: /version, /api, /apis, /api/v1 and
 * /apis/{group}/{version}, in the legacy form (metav1.APIVersions, APIGroupList, APIGroup, APIResourceList of
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go) and the aggregated form (apidiscovery.k8s.io
 * APIGroupDiscoveryList, staging/src/k8s.io/api/apidiscovery/v2/types.go) that client-go 1.32 asks for first.
 *
 * Which form to answer: client-go's discovery client (staging/src/k8s.io/client-go/discovery/discovery_client.go,
 * downloadLegacy and downloadAPIs) sends `Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,
 * application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json` to /api and /apis and
 * decides by the response's Content-Type alone (ContentTypeIsGVK): with g, v and as naming APIGroupDiscoveryList it
 * decodes the aggregated list and needs no further request; with plain application/json it decodes APIVersions
 * (/api) or APIGroupList (/apis) and then GETs every group-version's APIResourceList. Both work; the server
 * should answer the aggregated form when it is accepted (one request instead of six, as a real server does), and
 * must then answer both /api and /apis in it (GroupsAndMaybeResources uses resources only if both carried them).
 * {@link negotiateDiscovery} makes that choice from an Accept header.
 *
 * Custom resources appear while their CRD is stored (the model takes every CRD as Established,
 * crd-finalizer.ts), with the names, short names, categories and scope the CRD declares, as
 * apiextensions-apiserver's customresource_discovery_controller.go lists them; only the version the model
 * serves (the CRD's storage version, hooks.ts crdResource) is listed, and CRD resources carry no
 * storageVersionHash.
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { allResources } from "./lookup.ts";
import { BUILTIN_BY_ID, resourceId, type ResourceInfo } from "./resources.ts";
import { existing } from "./common.ts";
import { BUILTIN_DISCOVERY, type ResourceDiscovery, type SubresourceDiscovery } from "./discovery-builtins.ts";

/** The version the model's API server reports (kubectl warns past one minor version of skew from its own). */
export const SERVER_VERSION = { major: "1", minor: "32", gitVersion: "v1.32.0-kubeprop" } as const;

/** GET /version: a k8s.io/apimachinery/pkg/version.Info. Fixed fields, so the answer is reproducible. */
export function versionInfo(): Record<string, string> {
  return {
    major: SERVER_VERSION.major,
    minor: SERVER_VERSION.minor,
    gitVersion: SERVER_VERSION.gitVersion,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2026-01-01T00:00:00Z",
    goVersion: "go1.23.4",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

/**
 * GET /api: metav1.APIVersions. `serverAddress` (host:port the client reached) fills serverAddressByClientCIDRs
 * as the real server does for 0.0.0.0/0; without it the list is empty.
 */
export function apiVersions(serverAddress?: string): Record<string, unknown> {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: serverAddress ? [{ clientCIDR: "0.0.0.0/0", serverAddress }] : [],
  };
}

/**
 * Built-in groups in the order kube-apiserver lists them (by group priority, pkg/controlplane/apiserver's
 * DefaultGenericAPIServicePriorities), then CRD groups by name (they all take priority 1000).
 */
const BUILTIN_GROUP_ORDER = ["apps", "autoscaling", "apiextensions.k8s.io", "scheduling.k8s.io", "coordination.k8s.io"];

/** The named groups served, in discovery order, each with its served versions (preferred first). */
function servedGroups(state: State): { name: string; versions: string[] }[] {
  const byGroup = new Map<string, Set<string>>();
  for (const info of allResources(state)) {
    if (info.group === "") continue;
    const vs = byGroup.get(info.group) ?? new Set<string>();
    vs.add(info.version);
    byGroup.set(info.group, vs);
  }
  const rank = (g: string) => {
    const i = BUILTIN_GROUP_ORDER.indexOf(g);
    return i < 0 ? BUILTIN_GROUP_ORDER.length : i;
  };
  return [...byGroup.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, vs]) => ({ name, versions: [...vs].sort(compareKubeAwareVersions) }));
}

/**
 * Orders versions as version.CompareKubeAwareVersionStrings does, most preferred first: GA before beta before
 * alpha, higher major then higher minor first; anything not of the vNN(alpha|beta)NN form after, by name.
 */
export function compareKubeAwareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    return { major: Number(m[1]), level: m[2] === "alpha" ? 0 : m[2] === "beta" ? 1 : 2, minor: Number(m[3] ?? 0) };
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  return pb.level - pa.level || pb.major - pa.major || pb.minor - pa.minor;
}

const groupVersion = (group: string, version: string) => ({ groupVersion: `${group}/${version}`, version });

/** GET /apis: metav1.APIGroupList. */
export function apiGroupList(state: State): Record<string, unknown> {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: servedGroups(state).map((g) => apiGroupBody(g.name, g.versions)),
  };
}

function apiGroupBody(name: string, versions: string[]) {
  return { name, versions: versions.map((v) => groupVersion(name, v)), preferredVersion: groupVersion(name, versions[0]!) };
}

/** GET /apis/{group}: metav1.APIGroup, or undefined when the group is not served (the server answers 404). */
export function apiGroup(state: State, group: string): Record<string, unknown> | undefined {
  const g = servedGroups(state).find((x) => x.name === group);
  return g ? { kind: "APIGroup", apiVersion: "v1", ...apiGroupBody(g.name, g.versions) } : undefined;
}

/** One served resource with what discovery says of it. */
interface DiscoveredResource {
  readonly info: ResourceInfo;
  readonly discovery: ResourceDiscovery;
}

const CRD_INFO = BUILTIN_BY_ID.get("customresourcedefinitions.apiextensions.k8s.io")!;

/**
 * What discovery says of a CRD's resource (customresource_discovery_controller.go sync): the accepted names
 * (status.acceptedNames, or spec.names before the naming controller has run; singular defaults to the lower-case
 * kind), the CRD verbs in that file's order, fewer while the CRD is Terminating, and status and scale entries
 * when the served version declares those subresources.
 */
export function crdDiscovery(crd: KObject | undefined, info: ResourceInfo): ResourceDiscovery {
  const names = crd?.status?.acceptedNames?.plural ? crd.status.acceptedNames : (crd?.spec?.names ?? {});
  const terminating = (crd?.status?.conditions ?? []).some((c: any) => c.type === "Terminating" && c.status === "True");
  const version = (crd?.spec?.versions ?? []).find((v: any) => v.name === info.version);
  const subs = version?.subresources ?? crd?.spec?.subresources;
  const subresources: SubresourceDiscovery[] = [];
  if (subs?.status) subresources.push({ name: "status", kind: info.kind, verbs: ["get", "patch", "update"] });
  if (subs?.scale) subresources.push({ name: "scale", kind: "Scale", group: "autoscaling", version: "v1", verbs: ["get", "patch", "update"] });
  return {
    singularName: names.singular || info.kind.toLowerCase(),
    verbs: terminating
      ? ["delete", "deletecollection", "get", "list", "watch"]
      : ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"],
    ...(names.shortNames?.length ? { shortNames: names.shortNames } : {}),
    ...(names.categories?.length ? { categories: names.categories } : {}),
    subresources,
  };
}

/** Resources served in one group-version, sorted by name as the real server lists them. */
function resourcesIn(state: State, group: string, version: string): DiscoveredResource[] {
  const out: DiscoveredResource[] = [];
  for (const info of allResources(state)) {
    if (info.group !== group || info.version !== version) continue;
    const builtin = info.crd === undefined ? BUILTIN_DISCOVERY[resourceId(info)] : undefined;
    const discovery = builtin ?? crdDiscovery(info.crd ? existing(state, CRD_INFO, "", info.crd)?.value : undefined, info);
    out.push({ info, discovery });
  }
  return out.sort((a, b) => (a.info.plural < b.info.plural ? -1 : a.info.plural > b.info.plural ? 1 : 0));
}

/**
 * GET /api/v1 or /apis/{group}/{version}: metav1.APIResourceList, each resource followed by its subresources
 * ("pods/status"), or undefined for a group-version the server does not serve (the server answers 404).
 * The core list carries no apiVersion, as kube-apiserver's /api/v1 does not.
 */
export function apiResourceList(state: State, group: string, version: string): Record<string, unknown> | undefined {
  const served = resourcesIn(state, group, version);
  if (served.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const { info, discovery: d } of served) {
    resources.push({
      name: info.plural,
      singularName: d.singularName,
      namespaced: info.namespaced,
      kind: info.kind,
      verbs: d.verbs,
      ...(d.shortNames ? { shortNames: d.shortNames } : {}),
      ...(d.categories ? { categories: d.categories } : {}),
      ...(d.storageVersionHash ? { storageVersionHash: d.storageVersionHash } : {}),
    });
    for (const s of d.subresources) {
      resources.push({
        name: `${info.plural}/${s.name}`,
        singularName: "",
        namespaced: info.namespaced,
        ...(s.group !== undefined ? { group: s.group, version: s.version } : {}),
        kind: s.kind,
        verbs: s.verbs,
      });
    }
  }
  return {
    kind: "APIResourceList",
    ...(group === "" ? {} : { apiVersion: "v1" }),
    groupVersion: group === "" ? version : `${group}/${version}`,
    resources,
  };
}

/** The aggregated discovery versions kubectl accepts. */
export type AggregatedVersion = "v2" | "v2beta1";

/** One version of a group in the aggregated form (apidiscovery v2 APIVersionDiscovery). */
function versionDiscovery(state: State, group: string, version: string) {
  return {
    version,
    resources: resourcesIn(state, group, version).map(({ info, discovery: d }) => ({
      resource: info.plural,
      responseKind: { group, version, kind: info.kind },
      scope: info.namespaced ? "Namespaced" : "Cluster",
      singularResource: d.singularName,
      verbs: d.verbs,
      ...(d.shortNames ? { shortNames: d.shortNames } : {}),
      ...(d.categories ? { categories: d.categories } : {}),
      ...(d.subresources.length
        ? {
            subresources: d.subresources.map((s) => ({
              subresource: s.name,
              responseKind: { group: s.group ?? group, version: s.version ?? version, kind: s.kind },
              verbs: s.verbs,
            })),
          }
        : {}),
    })),
    freshness: "Current",
  };
}

/**
 * GET /api or /apis answered in the aggregated form: an APIGroupDiscoveryList of apidiscovery.k8s.io/{v2,v2beta1}
 * (the two have the same JSON shape). `root` "api" holds the core group (metadata without a name), "apis" every
 * named group in discovery order.
 */
export function aggregatedDiscovery(state: State, root: "api" | "apis", version: AggregatedVersion = "v2"): Record<string, unknown> {
  const groups = root === "api" ? [{ name: "", versions: ["v1"] }] : servedGroups(state);
  return {
    kind: "APIGroupDiscoveryList",
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: g.name ? { name: g.name } : {},
      versions: g.versions.map((v) => versionDiscovery(state, g.name, v)),
    })),
  };
}

/** What to answer /api or /apis with, and the Content-Type that tells client-go which it is. */
export type DiscoveryForm = { readonly form: "aggregated"; readonly version: AggregatedVersion; readonly contentType: string } | { readonly form: "legacy"; readonly contentType: "application/json" };

/**
 * Picks the discovery form from an Accept header the way kube-apiserver's negotiation does for /api and /apis:
 * the first acceptable media type wins; application/json with g=apidiscovery.k8s.io, v=v2 or v2beta1 and
 * as=APIGroupDiscoveryList selects the aggregated list, plain application/json (or * / *, or no header) the
 * legacy document. Parameter order does not matter (client-go's ContentTypeIsGVK does not care either).
 */
export function negotiateDiscovery(accept: string | undefined): DiscoveryForm {
  for (const part of (accept ?? "").split(",")) {
    const [type, ...params] = part.split(";").map((s) => s.trim());
    if (type !== "application/json") continue;
    const p = Object.fromEntries(params.map((kv) => kv.split("=").map((s) => s.trim()) as [string, string]));
    if (p.as === undefined && p.g === undefined && p.v === undefined) break;
    if (p.g === "apidiscovery.k8s.io" && p.as === "APIGroupDiscoveryList" && (p.v === "v2" || p.v === "v2beta1")) {
      return { form: "aggregated", version: p.v, contentType: `application/json;g=apidiscovery.k8s.io;v=${p.v};as=APIGroupDiscoveryList` };
    }
  }
  return { form: "legacy", contentType: "application/json" };
}
