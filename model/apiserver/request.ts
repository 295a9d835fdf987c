/**
 * Requests to the API server, as plain JSON (they appear in actions and traces). `resource` is a resource id:
 * "pods", "deployments.apps", "widgets.example.com".
 */
import type { KObject } from "../objects/types.ts";

/** The patch content types the API server is asked with (types.PatchType in k8s.io/apimachinery/pkg/types/patch.go). */
export type PatchType = "merge" | "strategic" | "json" | "apply";

/** One RFC 6902 operation (op: add, remove, replace, move, copy, test). */
export interface JsonPatchOperation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

export type PropagationPolicy = "Orphan" | "Background" | "Foreground";

/**
 * The fieldValidation query parameter of a create, update or patch (metav1.FieldValidationStrict / Warn / Ignore):
 * what the unknown and duplicate fields of a body get (decode.ts, crd-schema/decode.ts). Absent means "Warn", as
 * handlers/rest.go's fieldValidation has it (the model's own components send no unknown fields); kubectl sends
 * "Strict" unless told otherwise (--validate=warn: Warn, --validate=false: Ignore).
 */
export type FieldValidation = "Strict" | "Warn" | "Ignore";

/**
 * The strict-error paths of keys the request's text gave twice (`spec.paused`,
 * `spec.template.spec.containers[0].imagePullPolicy`): a parsed body cannot show them, so whoever parsed the text
 * (server/json-duplicates.ts) passes them on.
 */
type DuplicateFields = readonly string[];

/** What every patch request names, whatever its patch type. */
interface PatchOf {
  readonly verb: "patch";
  readonly resource: string;
  readonly namespace?: string;
  readonly name: string;
  /** "scale": the patch applies to the Scale (kubectl scale sends {"spec":{"replicas":3}}). */
  readonly subresource?: "status" | "scale";
  readonly fieldValidation?: FieldValidation;
  readonly duplicateFields?: DuplicateFields;
}

export type ApiRequest =
  | {
      readonly verb: "create";
      readonly resource: string;
      readonly namespace?: string;
      readonly object: KObject;
      /** "binding" (pods/binding, the scheduler's bind): `name` is the pod, `object` a Binding. */
      readonly subresource?: "binding";
      readonly name?: string;
      readonly fieldValidation?: FieldValidation;
      readonly duplicateFields?: DuplicateFields;
    }
  | { readonly verb: "get"; readonly resource: string; readonly namespace?: string; readonly name: string; readonly subresource?: undefined }
  /** pods/proxy and services/proxy: answered by the API server's proxy (proxy.ts). */
  | { readonly verb: "get"; readonly resource: string; readonly namespace?: string; readonly name: string; readonly subresource: "proxy"; readonly path?: string }
  /** The scale subresource (deployments, replicasets, replicationcontrollers, a CRD's with subresources.scale): an autoscaling/v1 Scale (scale.ts). */
  | { readonly verb: "get"; readonly resource: string; readonly namespace?: string; readonly name: string; readonly subresource: "scale" }
  | {
      readonly verb: "list";
      readonly resource: string;
      readonly namespace?: string;
      readonly labelSelector?: string;
      readonly fieldSelector?: string;
      /** Paging (list-options.ts): the most items to return (none, 0 or negative: all). */
      readonly limit?: number;
      /** The metadata.continue of the previous page. */
      readonly continue?: string;
      readonly resourceVersion?: string;
      readonly resourceVersionMatch?: "Exact" | "NotOlderThan";
    }
  | {
      readonly verb: "update";
      readonly resource: string;
      readonly namespace?: string;
      readonly name: string;
      /** For subresource "scale", an autoscaling/v1 Scale: only spec.replicas reaches the object (scale.ts). */
      readonly object: KObject;
      readonly subresource?: "status" | "finalize" | "scale";
      readonly fieldValidation?: FieldValidation;
      readonly duplicateFields?: DuplicateFields;
    }
  | (PatchOf & {
      /**
       * The Content-Type of the patch (patch/patch.ts): absent or "merge" for a JSON merge patch
       * (application/merge-patch+json), "strategic" (application/strategic-merge-patch+json), "apply"
       * (application/apply-patch+yaml, refused: kubeprop has no server-side apply).
       */
      readonly patchType?: "merge" | "strategic" | "apply";
      readonly patch: Record<string, unknown>;
    })
  | (PatchOf & {
      /** A JSON patch (application/json-patch+json): a list of RFC 6902 operations. */
      readonly patchType: "json";
      readonly patch: readonly JsonPatchOperation[];
    })
  | {
      readonly verb: "delete";
      readonly resource: string;
      readonly namespace?: string;
      readonly name: string;
      readonly gracePeriodSeconds?: number;
      readonly propagationPolicy?: PropagationPolicy;
      readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
    }
  | {
      /** kubectl apply: create, or replace labels, annotations and spec of the live object (keeping status). */
      readonly verb: "apply";
      readonly resource: string;
      readonly namespace?: string;
      readonly object: KObject;
    }
  | {
      /** kubectl set image: change the image of one container (or all) of a pod template or pod. */
      readonly verb: "set-image";
      readonly resource: string;
      readonly namespace?: string;
      readonly name: string;
      readonly container?: string;
      readonly image: string;
    };

export type ApiVerb = ApiRequest["verb"];
