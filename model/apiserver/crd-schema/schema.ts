/**
 * A CustomResourceDefinition version's OpenAPI v3 schema as JSON (apiextensions.k8s.io/v1 JSONSchemaProps, the
 * keywords a structural schema may hold: k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/types_jsonschema.go),
 * and where the API server finds it: the served version's `schema.openAPIV3Schema` of the CRD stored under
 * info.crd (customresource_handler.go's getOrCreateServingInfoFor reads it the same way).
 */
import type { State } from "../../state.ts";
import { existing } from "../common.ts";
import { BUILTIN_BY_ID, type ResourceInfo } from "../resources.ts";

export interface JSONSchemaProps {
  readonly type?: string;
  readonly format?: string;
  readonly properties?: Readonly<Record<string, JSONSchemaProps>>;
  readonly required?: readonly string[];
  readonly items?: JSONSchemaProps;
  readonly additionalProperties?: JSONSchemaProps | boolean;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly nullable?: boolean;
  readonly default?: unknown;
  readonly "x-kubernetes-int-or-string"?: boolean;
  readonly "x-kubernetes-preserve-unknown-fields"?: boolean;
  readonly "x-kubernetes-embedded-resource"?: boolean;
  readonly "x-kubernetes-list-type"?: string;
  readonly "x-kubernetes-list-map-keys"?: readonly string[];
}

/** What the API server knows of a custom resource's version: its schema and whether it keeps unknown fields. */
export interface CustomResourceSchema {
  /** The version's openAPIV3Schema (undefined: the version has none, nothing is validated, pruned or defaulted). */
  readonly schema: JSONSchemaProps | undefined;
  /** spec.preserveUnknownFields of the CRD (a v1beta1 leftover): nothing is pruned. */
  readonly preserveUnknownFields: boolean;
  /** Whether the version declares subresources.status. */
  readonly hasStatusSubresource: boolean;
}

const CRD_INFO = BUILTIN_BY_ID.get("customresourcedefinitions.apiextensions.k8s.io")!;

/** The schema of a custom resource's served version, or undefined for a built-in resource (or a vanished CRD). */
export function customResourceSchema(state: State, info: ResourceInfo): CustomResourceSchema | undefined {
  if (info.crd === undefined) return undefined;
  const crd = existing(state, CRD_INFO, "", info.crd)?.value;
  if (!crd) return undefined;
  const versions: any[] = Array.isArray(crd.spec?.versions) ? crd.spec.versions : [];
  const version = versions.find((v) => v?.name === info.version);
  // apiextensions v1 also allows one top-level spec.validation in v1beta1; the model's CRDs are v1 (per version).
  const schema = version?.schema?.openAPIV3Schema ?? crd.spec?.validation?.openAPIV3Schema;
  return {
    schema: typeof schema === "object" && schema !== null ? (schema as JSONSchemaProps) : undefined,
    preserveUnknownFields: crd.spec?.preserveUnknownFields === true,
    hasStatusSubresource: Boolean(version?.subresources?.status),
  };
}

/** A property path as field.Path prints it: "spec.replicas", "spec.ports[0].name". */
export const childPath = (parent: string, key: string): string => (parent ? `${parent}.${key}` : key);
export const indexPath = (parent: string, i: number): string => `${parent}[${i}]`;

export const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
