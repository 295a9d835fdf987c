/**
 * The schema checks of the custom resource strategy (k8s.io/apiextensions-apiserver/pkg/registry/customresource/
 * validator.go): a create or main-resource update validates the whole object against the version's schema
 * (after object metadata, which validate/index.ts checks); a status update validates only `status`, when present,
 * against the schema's `status` property, its field paths under "status" while kube-openapi's messages name the
 * path inside the status ("status.replicas: Invalid value: -1: replicas in body should be ...").
 */
import type { KObject } from "../../objects/types.ts";
import type { FieldError } from "../../validation/field-error.ts";
import { validateAgainstSchema } from "./validate.ts";
import type { CustomResourceSchema } from "./schema.ts";

export function validateCustomResource(crs: CustomResourceSchema | undefined, obj: KObject): FieldError[] {
  return crs?.schema ? validateAgainstSchema(obj, crs.schema) : [];
}

export function validateCustomResourceStatus(crs: CustomResourceSchema | undefined, obj: KObject): FieldError[] {
  const statusSchema = crs?.schema?.properties?.status;
  if (statusSchema === undefined || !("status" in obj) || obj.status === undefined) return [];
  return validateAgainstSchema(obj.status, statusSchema).map((e) => ({
    ...e,
    field: e.field === "" ? "status" : e.field.startsWith("[") ? `status${e.field}` : `status.${e.field}`,
  }));
}
