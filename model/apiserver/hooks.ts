/**
 * What the API server does after a write besides storing it: a CustomResourceDefinition registers or removes its
 * resource (apiextensions-apiserver's customresource_handler serves a CRD's resource while the CRD exists).
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { resourceId, type ResourceInfo } from "./resources.ts";
import { serviceAfterDelete } from "./service/alloc.ts";

/** The resource a CRD object defines (its storage version), or undefined when it is malformed. */
export function crdResource(crd: KObject): ResourceInfo | undefined {
  const s = crd.spec;
  const version = (s?.versions ?? []).find((v: any) => v.storage)?.name ?? s?.versions?.[0]?.name;
  if (!s?.group || !s?.names?.plural || !s?.names?.kind || !version) return undefined;
  return {
    group: s.group,
    version,
    kind: s.names.kind,
    plural: s.names.plural,
    namespaced: s.scope !== "Cluster",
    hasStatus: Boolean((s.versions ?? []).find((v: any) => v.name === version)?.subresources?.status),
    tracksGeneration: true,
    crd: crd.metadata.name!,
  };
}

export function afterWrite(state: State, info: ResourceInfo, before: KObject | undefined, after: KObject | undefined): State {
  // AfterDelete of the Service storage: a Service that left etcd gives back its addresses and its Endpoints go.
  if (info.kind === "Service" && info.group === "" && before && !after) return serviceAfterDelete(state, before);
  if (info.kind !== "CustomResourceDefinition") return state;
  const custom = { ...state.api.customResources };
  if (before) {
    const r = crdResource(before);
    if (r) delete custom[resourceId(r)];
  }
  if (after) {
    const r = crdResource(after);
    if (r) custom[resourceId(r)] = r;
  }
  return { ...state, api: { ...state.api, customResources: custom } };
}
