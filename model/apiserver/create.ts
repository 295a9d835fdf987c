/**
 * The create verb. Follows k8s.io/apiserver/pkg/registry/generic/registry/store.go (Create) and
 * k8s.io/apiserver/pkg/registry/rest/create.go (BeforeCreate): defaults, metadata (uid, creationTimestamp,
 * generation, generated name), the kind's PrepareForCreate, admission, validation, then a put that must not
 * find the key (409 AlreadyExists otherwise).
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { timestamp } from "../clock.ts";
import { mutate, validateAdmission } from "./admission/chain.ts";
import { qualified, target, existing } from "./common.ts";
import { applyDefaults } from "./defaults.ts";
import { generateName, uidFor } from "./names.ts";
import { apiVersionOf, storageKey, type ResourceInfo } from "./resources.ts";
import { alreadyExists, badRequest, invalidStatus, isStatus, type Status } from "./status.ts";
import { prepareForCreate } from "./strategy.ts";
import { decodeWrite } from "./decode.ts";
import { validateCreate } from "./validate/index.ts";
import { writeObject } from "./write.ts";
import { afterWrite } from "./hooks.ts";
import { allocateServiceAddresses } from "./service/alloc.ts";
import type { FieldValidation } from "./request.ts";
import { customResourceSchema, type CustomResourceSchema } from "./crd-schema/schema.ts";
import { noSpace, overSpaceQuota } from "./space-quota.ts";
import { validateCustomResource } from "./crd-schema/validate-resource.ts";

export interface ApiResult {
  readonly state: State;
  readonly result: KObject | Status;
  /**
   * The answer's warnings (sent as `Warning: 299 - "..."` headers; kubectl prints `Warning: ...`): the strict
   * decoding errors of a write with fieldValidation Warn or none. Absent when there are none.
   */
  readonly warnings?: readonly string[];
}

/** The result with the warnings added (none: unchanged). */
export const withWarnings = (r: ApiResult, warnings: readonly string[] | undefined): ApiResult =>
  warnings === undefined || warnings.length === 0 ? r : { ...r, warnings: [...warnings, ...(r.warnings ?? [])] };

/**
 * `fieldValidation` is the request's field validation directive (absent: Warn) for the unknown and duplicate fields
 * the decoder finds (decode.ts; a custom resource's body is pruned and defaulted by its schema, as the CRD
 * handler's decoder does, crd-schema/decode.ts); `duplicates` the paths of keys the request's text gave twice.
 */
export function create(
  state: State,
  resource: string,
  namespace: string | undefined,
  body: KObject,
  fieldValidation?: FieldValidation,
  duplicates?: readonly string[],
): ApiResult {
  const t = target(state, resource, namespace ?? body?.metadata?.namespace);
  if (isStatus(t)) return { state, result: t };
  const { info } = t;
  if (typeof body !== "object" || body === null || typeof body.metadata !== "object" || body.metadata === null) {
    return { state, result: badRequest("the object has no metadata") };
  }
  const crs = customResourceSchema(state, info);
  const decoded = decodeWrite(crs, info, body, fieldValidation, duplicates ? { duplicates } : {});
  if (isStatus(decoded)) return { state, result: decoded };
  return withWarnings(createDecoded(state, t, crs, decoded.object, namespace), decoded.warnings);
}

function createDecoded(state: State, t: { info: ResourceInfo; namespace: string }, crs: CustomResourceSchema | undefined, input: KObject, namespace: string | undefined): ApiResult {
  const { info } = t;
  if (info.namespaced && input.metadata.namespace && namespace && input.metadata.namespace !== namespace) {
    return { state, result: badRequest("the namespace of the provided object does not match the namespace sent on the request") };
  }
  const n = state.api.nextUid;
  const name = input.metadata.name || (input.metadata.generateName ? generateName(input.metadata.generateName, n) : "");
  const meta = { ...input.metadata };
  delete (meta as any).resourceVersion;
  delete (meta as any).deletionTimestamp;
  delete (meta as any).deletionGracePeriodSeconds;
  let obj: KObject = {
    ...input,
    apiVersion: apiVersionOf(info),
    kind: info.kind,
    metadata: {
      ...meta,
      name,
      ...(info.namespaced ? { namespace: t.namespace } : {}),
      uid: uidFor(n),
      creationTimestamp: timestamp(state.clock.now),
      ...(info.tracksGeneration ? { generation: 1 } : {}),
    },
  };
  if (!info.namespaced) delete (obj.metadata as any).namespace;
  obj = prepareForCreate(info, applyDefaults(obj), state.clock.now);
  state = { ...state, api: { ...state.api, nextUid: n + 1 } };

  const attrs = { operation: "CREATE", resource: info, namespace: t.namespace, name } as const;
  const mutated = mutate(state, { ...attrs, object: obj });
  if (isStatus(mutated)) return { state, result: mutated };
  obj = mutated.object ?? obj;

  const errs = [...validateCreate(info, obj), ...validateCustomResource(crs, obj)];
  if (errs.length > 0) return { state, result: invalidStatus(info.group, info.kind, name, errs) };
  // The validating plug-ins see the object once it is valid (store.go: BeforeCreate, then createValidation).
  const adm = validateAdmission(state, { ...attrs, object: obj });
  if (isStatus(adm)) return { state, result: adm };

  if (existing(state, info, t.namespace, name)) return { state, result: alreadyExists(qualified(info), name) };
  // The quota charge made by admission is written together with the object.
  // BeginCreate of the Service storage (pkg/registry/core/service/storage/storage.go): its ClusterIP and node
  // ports are taken now and kept only if the write succeeds (a refusal returns `state`, without them).
  let written = adm.state;
  if (info.kind === "Service" && info.group === "") {
    const a = allocateServiceAddresses(written, obj);
    if (isStatus(a)) return { state, result: a };
    obj = a.service;
    written = a.state;
  }
  // etcd refuses the put once its backend is full (space-quota.ts); nothing of the create is kept.
  if (overSpaceQuota(written, storageKey(info, obj.metadata.namespace, name), obj)) return { state, result: noSpace() };
  const w = writeObject(written, info, obj, 0);
  if (!w.ok) return { state, result: alreadyExists(qualified(info), name) };
  return { state: afterWrite(w.state, info, undefined, w.object), result: w.object };
}
