/** A cluster with one CRD (widgets.example.com, Widget, namespaced, v1) whose schema a test gives. */
import { cluster, ok } from "../../../test/helpers.ts";
import type { KObject } from "../../objects/types.ts";
import type { State } from "../../state.ts";
import { handle } from "../handle.ts";
import type { FieldValidation } from "../request.ts";
import type { ApiResult } from "../create.ts";
import type { JSONSchemaProps } from "./schema.ts";

/** The CRD widgets.example.com (Widget, namespaced) with one served, stored version v1: `version` adds to it. */
export function widgetCrd(version: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: { group: "example.com", scope: "Namespaced", names: { plural: "widgets", kind: "Widget" }, versions: [{ name: "v1", served: true, storage: true, ...version }] },
  };
}

export function withWidgetCrd(specSchema: JSONSchemaProps, opts: { status?: JSONSchemaProps; subresources?: boolean } = {}): State {
  const crd = widgetCrd({
    schema: { openAPIV3Schema: { type: "object", properties: { spec: specSchema, ...(opts.status ? { status: opts.status } : {}) } } },
    ...(opts.subresources ? { subresources: { status: {} } } : {}),
  });
  return ok(cluster(), { verb: "create", resource: "customresourcedefinitions.apiextensions.k8s.io", object: crd }).state;
}

export const widget = (spec: unknown, extra: Record<string, unknown> = {}): KObject =>
  ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec, ...extra }) as KObject;

export const createWidget = (s: State, obj: KObject, fieldValidation?: FieldValidation): ApiResult =>
  handle(s, { verb: "create", resource: "widgets.example.com", namespace: "default", object: obj, ...(fieldValidation ? { fieldValidation } : {}) });
