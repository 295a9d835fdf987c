/**
 * Metadata validation, ported from
 * - k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go
 *   (ValidateLabels, ValidateLabelName, ValidateLabelSelector, ValidateLabelSelectorRequirement,
 *   ValidateManagedFields, ValidateFieldManager),
 * - k8s.io/apimachinery/pkg/api/validation/objectmeta.go
 *   (ValidateAnnotations, ValidateOwnerReferences, ValidateFinalizers, ValidateObjectMeta,
 *   ValidateObjectMetaAccessor, validateObjectMetaAccessorWithOptsCommon, ValidateObjectMetaUpdate),
 * - k8s.io/apimachinery/pkg/api/validation/generic.go (NameIsDNSSubdomain, NameIsDNSLabel,
 *   NameIsDNS1035Label, ValidateNamespaceName).
 *
 * Field paths are plain strings ("metadata.labels", "spec.selector.matchExpressions[0].key").
 * Maps are walked in their own key order (Go walks them in random order).
 */
import type {
  LabelSelector,
  LabelSelectorRequirement,
  ManagedFieldsEntry,
  ObjectMeta,
  OwnerReference,
} from "kubernetes-types/meta/v1.js";
import { type FieldError, forbidden, invalid, required, tooLong } from "./field-error.ts";
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  maskTrailingDash,
  utf8Length,
} from "./names.ts";

// ---- field paths (field.Path Child / Index) ----

const child = (path: string, name: string): string => (path === "" ? name : `${path}.${name}`);
const index = (path: string, i: number): string => `${path}[${i}]`;

// ---- name functions (generic.go) ----

/**
 * Validates a name; `prefix` is true when the name is a generateName prefix that
 * will have a suffix appended (so a trailing dash is allowed). Follows ValidateNameFunc.
 */
export type ValidateNameFunc = (name: string, prefix: boolean) => string[];

/** Name that must be a DNS-1123 subdomain (most objects, e.g. Pods). Follows NameIsDNSSubdomain. */
export const nameIsDNSSubdomain: ValidateNameFunc = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);

/** Name that must be a DNS-1123 label (e.g. Namespaces). Follows NameIsDNSLabel. */
export const nameIsDNSLabel: ValidateNameFunc = (name, prefix) =>
  isDNS1123Label(prefix ? maskTrailingDash(name) : name);

/** Name that must be a DNS-1035 label (e.g. Services). Follows NameIsDNS1035Label. */
export const nameIsDNS1035Label: ValidateNameFunc = (name, prefix) =>
  isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** Namespace names are DNS-1123 labels. Follows ValidateNamespaceName = NameIsDNSLabel. */
export const validateNamespaceName: ValidateNameFunc = nameIsDNSLabel;

// ---- labels and selectors (meta/v1/validation/validation.go) ----

/** Validates one label key (a qualified name). Follows ValidateLabelName. */
export function validateLabelName(labelName: string, fieldPath: string): FieldError[] {
  return isQualifiedName(labelName).map((msg) => invalid(fieldPath, labelName, msg));
}

/**
 * Validates a label map: every key is a qualified name and every value a valid
 * label value. Errors are reported on `fieldPath` itself. Follows ValidateLabels.
 */
export function validateLabels(
  labels: Readonly<Record<string, string>> | null | undefined,
  fieldPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, fieldPath));
    for (const msg of isValidLabelValue(v)) errs.push(invalid(fieldPath, v, msg));
  }
  return errs;
}

/** Options for validateLabelSelector. Follows LabelSelectorValidationOptions. */
export interface LabelSelectorValidationOptions {
  /** Skip label-value validation of matchExpressions values (only for existing invalid data). */
  readonly allowInvalidLabelValueInSelector?: boolean;
}

/**
 * Validates one matchExpressions entry: In/NotIn need values, Exists/DoesNotExist
 * must have none, other operators are invalid; the key must be a qualified name and
 * (unless allowed) the values valid label values. Follows ValidateLabelSelectorRequirement.
 */
export function validateLabelSelectorRequirement(
  sr: LabelSelectorRequirement,
  opts: LabelSelectorValidationOptions,
  fieldPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const values = sr.values ?? [];
  switch (sr.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) {
        errs.push(required(child(fieldPath, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) {
        errs.push(
          forbidden(child(fieldPath, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      }
      break;
    default:
      errs.push(invalid(child(fieldPath, "operator"), sr.operator, "not a valid selector operator"));
  }
  errs.push(...validateLabelName(sr.key, child(fieldPath, "key")));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((value, i) => {
      for (const msg of isValidLabelValue(value)) {
        errs.push(invalid(index(child(fieldPath, "values"), i), value, msg));
      }
    });
  }
  return errs;
}

/**
 * Validates a metav1.LabelSelector (matchLabels and matchExpressions); a missing
 * selector is valid. Follows ValidateLabelSelector.
 */
export function validateLabelSelector(
  selector: LabelSelector | null | undefined,
  opts: LabelSelectorValidationOptions,
  fieldPath: string,
): FieldError[] {
  if (selector == null) return [];
  const errs = validateLabels(selector.matchLabels, child(fieldPath, "matchLabels"));
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, opts, index(child(fieldPath, "matchExpressions"), i)));
  });
  return errs;
}

// ---- annotations, owner references, finalizers (api/validation/objectmeta.go) ----

/** Total size limit of all annotation keys and values, in bytes (TotalAnnotationSizeLimitB = 256 KiB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * (1 << 10);

/** Message for a changed immutable field (FieldImmutableErrorMsg). */
export const FIELD_IMMUTABLE_ERROR_MSG = "field is immutable";

/**
 * Validates annotations: keys are qualified names once lower-cased, and the
 * total byte size of keys and values is at most 256 KiB. Follows ValidateAnnotations
 * and ValidateAnnotationsSize.
 */
export function validateAnnotations(
  annotations: Readonly<Record<string, string>> | null | undefined,
  fieldPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let totalSize = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    // The rule is QualifiedName except that case doesn't matter.
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(fieldPath, k, msg));
    totalSize += utf8Length(k) + utf8Length(v);
  }
  if (totalSize > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(tooLong(fieldPath, "", TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

/** schema.FromAPIVersionAndKind: group/version split of apiVersion; an unparsable apiVersion gives an empty group and version. */
function groupVersionKind(apiVersion: string, kind: string): { group: string; version: string; kind: string } {
  if (apiVersion === "" || apiVersion === "/") return { group: "", version: "", kind };
  const slashes = apiVersion.split("/").length - 1;
  if (slashes === 0) return { group: "", version: apiVersion, kind };
  if (slashes === 1) {
    const i = apiVersion.indexOf("/");
    return { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1), kind };
  }
  return { group: "", version: "", kind };
}

/** Owner kinds that may not own objects (BannedOwners): core/v1 Event. */
const bannedOwners: ReadonlyArray<{ group: string; version: string; kind: string }> = [
  { group: "", version: "v1", kind: "Event" },
];

function validateOwnerReference(ref: OwnerReference, fieldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const gvk = groupVersionKind(ref.apiVersion ?? "", ref.kind ?? "");
  if (gvk.version.length === 0) {
    errs.push(invalid(child(fieldPath, "apiVersion"), ref.apiVersion, "version must not be empty"));
  }
  if (gvk.kind.length === 0) errs.push(invalid(child(fieldPath, "kind"), ref.kind, "must not be empty"));
  if ((ref.name ?? "").length === 0) errs.push(invalid(child(fieldPath, "name"), ref.name, "must not be empty"));
  if ((ref.uid ?? "").length === 0) errs.push(invalid(child(fieldPath, "uid"), ref.uid, "must not be empty"));
  if (bannedOwners.some((b) => b.group === gvk.group && b.version === gvk.version && b.kind === gvk.kind)) {
    errs.push(
      invalid(fieldPath, ref, `${gvk.group}/${gvk.version}, Kind=${gvk.kind} is disallowed from being an owner`),
    );
  }
  return errs;
}

/**
 * Validates owner references: apiVersion has a version, kind/name/uid are set,
 * the owner kind is not banned, and at most one reference is the controller.
 * Follows ValidateOwnerReferences / validateOwnerReference.
 */
export function validateOwnerReferences(
  ownerReferences: readonly OwnerReference[] | null | undefined,
  fieldPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let firstControllerName = "";
  for (const ref of ownerReferences ?? []) {
    errs.push(...validateOwnerReference(ref, fieldPath));
    if (ref.controller === true) {
      const cur = `${ref.kind}/${ref.name}`;
      if (firstControllerName !== "") {
        errs.push(
          invalid(
            fieldPath,
            ownerReferences,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstControllerName} and ${cur}`,
          ),
        );
      } else {
        firstControllerName = cur;
      }
    }
  }
  return errs;
}

/** The orphan finalizer (metav1.FinalizerOrphanDependents). */
export const FINALIZER_ORPHAN_DEPENDENTS = "orphan";
/** The foreground-deletion finalizer (metav1.FinalizerDeleteDependents). */
export const FINALIZER_DELETE_DEPENDENTS = "foregroundDeletion";

/** Validates one finalizer name (a qualified name). Follows ValidateFinalizerName. */
export function validateFinalizerName(name: string, fieldPath: string): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(fieldPath, name, msg));
}

/**
 * Validates finalizers: each is a qualified name, and "orphan" and
 * "foregroundDeletion" are not both set. Follows ValidateFinalizers.
 */
export function validateFinalizers(finalizers: readonly string[] | null | undefined, fieldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  let hasOrphan = false;
  let hasDelete = false;
  for (const f of finalizers ?? []) {
    errs.push(...validateFinalizerName(f, fieldPath));
    if (f === FINALIZER_ORPHAN_DEPENDENTS) hasOrphan = true;
    if (f === FINALIZER_DELETE_DEPENDENTS) hasDelete = true;
  }
  if (hasOrphan && hasDelete) {
    errs.push(
      invalid(
        fieldPath,
        finalizers,
        `finalizer ${FINALIZER_ORPHAN_DEPENDENTS} and ${FINALIZER_DELETE_DEPENDENTS} cannot be both set`,
      ),
    );
  }
  return errs;
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const nonPrintable = /[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;

/** Validates a field manager name: ≤128 bytes, printable characters only. Follows ValidateFieldManager. */
function validateFieldManager(fieldManager: string, fieldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (utf8Length(fieldManager) > 128) errs.push(tooLong(fieldPath, fieldManager, 128));
  let bytePos = 0;
  for (const ch of fieldManager) {
    if (nonPrintable.test(ch)) {
      const cp = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      errs.push(invalid(fieldPath, fieldManager, `invalid character U+${cp} (at position ${bytePos})`));
    }
    bytePos += utf8Length(ch);
  }
  return errs;
}

/** Validates managedFields entries (operation, fieldsType, manager, subresource). Follows ValidateManagedFields. */
function validateManagedFields(
  entries: readonly ManagedFieldsEntry[] | null | undefined,
  fieldPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  (entries ?? []).forEach((e, i) => {
    const p = index(fieldPath, i);
    if (e.operation !== "Apply" && e.operation !== "Update") {
      errs.push(invalid(child(p, "operation"), e.operation, "must be `Apply` or `Update`"));
    }
    if ((e.fieldsType ?? "").length > 0 && e.fieldsType !== "FieldsV1") {
      errs.push(invalid(child(p, "fieldsType"), e.fieldsType, "must be `FieldsV1`"));
    }
    errs.push(...validateFieldManager(e.manager ?? "", child(p, "manager")));
    if (utf8Length(e.subresource ?? "") > 256) errs.push(tooLong(child(p, "subresource"), e.subresource, 256));
  });
  return errs;
}

// ---- ObjectMeta (api/validation/objectmeta.go) ----

/** Options for validateObjectMeta. */
export interface ObjectMetaValidationOptions {
  /** True for namespaced kinds (namespace required), false for cluster-scoped ones (namespace forbidden). */
  readonly namespaced: boolean;
  /** Name rule of the kind, e.g. nameIsDNSSubdomain. */
  readonly nameFn: ValidateNameFunc;
}

/** Shared part of create validation. Follows validateObjectMetaAccessorWithOptsCommon. */
function validateObjectMetaCommon(meta: ObjectMeta, namespaced: boolean, fieldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = meta.namespace ?? "";
  if (namespaced) {
    if (namespace.length === 0) {
      errs.push(required(child(fieldPath, "namespace")));
    } else {
      for (const msg of validateNamespaceName(namespace, false)) {
        errs.push(invalid(child(fieldPath, "namespace"), namespace, msg));
      }
    }
  } else if (namespace.length !== 0) {
    errs.push(forbidden(child(fieldPath, "namespace"), "not allowed on this type"));
  }
  // ValidateNonnegativeField(generation)
  const generation = meta.generation ?? 0;
  if (generation < 0) {
    errs.push(invalid(child(fieldPath, "generation"), generation, "must be greater than or equal to 0"));
  }
  errs.push(...validateLabels(meta.labels, child(fieldPath, "labels")));
  errs.push(...validateAnnotations(meta.annotations, child(fieldPath, "annotations")));
  errs.push(...validateOwnerReferences(meta.ownerReferences, child(fieldPath, "ownerReferences")));
  errs.push(...validateFinalizers(meta.finalizers, child(fieldPath, "finalizers")));
  errs.push(...validateManagedFields(meta.managedFields, child(fieldPath, "managedFields")));
  return errs;
}

/**
 * Validates an object's metadata on creation: generateName (in prefix mode) and
 * name against `nameFn`, name required, namespace required and a DNS-1123 label
 * for namespaced kinds and forbidden otherwise, non-negative generation, labels,
 * annotations, owner references, finalizers and managed fields.
 * Follows ValidateObjectMeta / ValidateObjectMetaAccessor.
 */
export function validateObjectMeta(
  meta: ObjectMeta,
  opts: ObjectMetaValidationOptions,
  fieldPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const generateName = meta.generateName ?? "";
  const name = meta.name ?? "";
  if (generateName.length !== 0) {
    for (const msg of opts.nameFn(generateName, true)) {
      errs.push(invalid(child(fieldPath, "generateName"), generateName, msg));
    }
  }
  if (name.length === 0) {
    errs.push(required(child(fieldPath, "name"), "name or generateName is required"));
  } else {
    for (const msg of opts.nameFn(name, false)) errs.push(invalid(child(fieldPath, "name"), name, msg));
  }
  errs.push(...validateObjectMetaCommon(meta, opts.namespaced, fieldPath));
  return errs;
}

// ---- update (ValidateObjectMetaUpdate / ValidateObjectMetaAccessorUpdate) ----

/** Semantic equality of two metav1.Time values (same instant); unset equals unset. */
function sameTime(a: string | null | undefined, b: string | null | undefined): boolean {
  const na = a == null || a === "" ? null : a;
  const nb = b == null || b === "" ? null : b;
  if (na === null || nb === null) return na === nb;
  const ta = Date.parse(na);
  const tb = Date.parse(nb);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return na === nb;
  return ta === tb;
}

function immutable(changed: boolean, newVal: unknown, fieldPath: string): FieldError[] {
  return changed ? [invalid(fieldPath, newVal, FIELD_IMMUTABLE_ERROR_MSG)] : [];
}

/**
 * Validates an object's metadata on update: no new finalizers once deletion has
 * started, resourceVersion set, generation not decremented, name, namespace, uid,
 * creationTimestamp, deletionTimestamp and deletionGracePeriodSeconds immutable,
 * then labels, annotations, owner references and managed fields of the new object.
 * Follows ValidateObjectMetaUpdate / ValidateObjectMetaAccessorUpdate.
 */
export function validateObjectMetaUpdate(newMeta: ObjectMeta, oldMeta: ObjectMeta, fieldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (oldMeta.deletionTimestamp != null && oldMeta.deletionTimestamp !== "") {
    // ValidateNoNewFinalizers
    const old = new Set(oldMeta.finalizers ?? []);
    const extra = [...new Set(newMeta.finalizers ?? [])].filter((f) => !old.has(f)).sort();
    if (extra.length !== 0) {
      errs.push(
        forbidden(
          child(fieldPath, "finalizers"),
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra
            .map((f) => JSON.stringify(f))
            .join(", ")}}`,
        ),
      );
    }
  }
  const resourceVersion = newMeta.resourceVersion ?? "";
  if (resourceVersion.length === 0) {
    errs.push(invalid(child(fieldPath, "resourceVersion"), resourceVersion, "must be specified for an update"));
  }
  const newGen = newMeta.generation ?? 0;
  if (newGen < (oldMeta.generation ?? 0)) {
    errs.push(invalid(child(fieldPath, "generation"), newGen, "must not be decremented"));
  }
  const str = (s: string | undefined): string => s ?? "";
  errs.push(...immutable(str(newMeta.name) !== str(oldMeta.name), str(newMeta.name), child(fieldPath, "name")));
  errs.push(
    ...immutable(
      str(newMeta.namespace) !== str(oldMeta.namespace),
      str(newMeta.namespace),
      child(fieldPath, "namespace"),
    ),
  );
  errs.push(...immutable(str(newMeta.uid) !== str(oldMeta.uid), str(newMeta.uid), child(fieldPath, "uid")));
  errs.push(
    ...immutable(
      !sameTime(newMeta.creationTimestamp, oldMeta.creationTimestamp),
      newMeta.creationTimestamp,
      child(fieldPath, "creationTimestamp"),
    ),
  );
  errs.push(
    ...immutable(
      !sameTime(newMeta.deletionTimestamp, oldMeta.deletionTimestamp),
      newMeta.deletionTimestamp,
      child(fieldPath, "deletionTimestamp"),
    ),
  );
  errs.push(
    ...immutable(
      (newMeta.deletionGracePeriodSeconds ?? null) !== (oldMeta.deletionGracePeriodSeconds ?? null),
      newMeta.deletionGracePeriodSeconds,
      child(fieldPath, "deletionGracePeriodSeconds"),
    ),
  );
  errs.push(...validateLabels(newMeta.labels, child(fieldPath, "labels")));
  errs.push(...validateAnnotations(newMeta.annotations, child(fieldPath, "annotations")));
  errs.push(...validateOwnerReferences(newMeta.ownerReferences, child(fieldPath, "ownerReferences")));
  errs.push(...validateManagedFields(newMeta.managedFields, child(fieldPath, "managedFields")));
  return errs;
}
