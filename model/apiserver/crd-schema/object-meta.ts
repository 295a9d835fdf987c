/**
 * The resource's metadata decoded as an ObjectMeta. Follows
 * k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta/coerce.go (GetObjectMetaWithOptions, then
 * SetObjectMeta in customresource_handler.go's unstructuredSchemaCoercer.apply): metadata round-trips through
 * metav1.ObjectMeta, so a field ObjectMeta does not have is dropped, and reported as `metadata.<field>` to a strict
 * decoder. (A field of the wrong type, which upstream drops or refuses, is left to metadata validation here.)
 */
import type { Pruned } from "./prune.ts";
import { isPlainObject } from "./schema.ts";

/** The JSON fields of metav1.ObjectMeta (k8s.io/apimachinery/pkg/apis/meta/v1/types.go). */
const OBJECT_META_FIELDS: ReadonlySet<string> = new Set([
  "name",
  "generateName",
  "namespace",
  "selfLink",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "labels",
  "annotations",
  "ownerReferences",
  "finalizers",
  "managedFields",
]);

/** The metadata with only ObjectMeta's fields, and the paths of those dropped (in the order met). */
export function pruneObjectMeta(metadata: unknown): Pruned<unknown> {
  if (!isPlainObject(metadata)) return { value: metadata, unknownFields: [] };
  const value: Record<string, unknown> = {};
  const unknownFields: string[] = [];
  for (const [k, v] of Object.entries(metadata)) {
    if (OBJECT_META_FIELDS.has(k)) value[k] = v;
    else unknownFields.push(`metadata.${k}`);
  }
  return { value, unknownFields };
}
