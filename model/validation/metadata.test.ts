import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fieldErrorMessage } from "./field-error.ts";
import {
  TOTAL_ANNOTATION_SIZE_LIMIT_B,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateAnnotations,
  validateFinalizers,
  validateLabelSelector,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateOwnerReferences,
} from "./metadata.ts";

const fields = (errs: readonly { field: string; type: string }[]) => errs.map((e) => `${e.type}@${e.field}`);

describe("validateLabels / validateAnnotations", () => {
  it("reports key and value errors on the map's path", () => {
    const errs = validateLabels({ "a/b/c": "ok", good: "bad,value" }, "metadata.labels");
    expect(fields(errs)).toEqual(["FieldValueInvalid@metadata.labels", "FieldValueInvalid@metadata.labels"]);
    expect(errs[0]!.badValue).toBe("a/b/c");
    expect(errs[1]!.badValue).toBe("bad,value");
  });

  it("annotation keys are checked lower-cased; the original key is reported", () => {
    expect(validateAnnotations({ "Example.COM/Key": "v" }, "a")).toEqual([]);
    const errs = validateAnnotations({ "Bad Key": "v" }, "a");
    expect(errs).toHaveLength(1);
    expect(errs[0]!.badValue).toBe("Bad Key");
  });

  it("annotation total size limit is 256 KiB of key+value bytes", () => {
    const atLimit = { k: "x".repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B - 1) };
    expect(validateAnnotations(atLimit, "a")).toEqual([]);
    const over = { k: "x".repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B) };
    const errs = validateAnnotations(over, "metadata.annotations");
    expect(fields(errs)).toEqual(["FieldValueTooLong@metadata.annotations"]);
    expect(errs[0]!.detail).toContain("262144");
    // multi-byte values count in UTF-8 bytes
    expect(validateAnnotations({ k: "ā".repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B / 2) }, "a")).toHaveLength(1);
  });
});

describe("validateLabelSelector", () => {
  const v = (sel: Parameters<typeof validateLabelSelector>[0], allow = false) =>
    validateLabelSelector(sel, { allowInvalidLabelValueInSelector: allow }, "spec.selector");

  it("nil selector is valid", () => {
    expect(v(undefined)).toEqual([]);
    expect(v(null)).toEqual([]);
  });

  it("operator rules", () => {
    expect(fields(v({ matchExpressions: [{ key: "k", operator: "In" }] }))).toEqual([
      "FieldValueRequired@spec.selector.matchExpressions[0].values",
    ]);
    expect(fields(v({ matchExpressions: [{ key: "k", operator: "NotIn", values: [] }] }))).toEqual([
      "FieldValueRequired@spec.selector.matchExpressions[0].values",
    ]);
    expect(fields(v({ matchExpressions: [{ key: "k", operator: "Exists", values: ["x"] }] }))).toEqual([
      "FieldValueForbidden@spec.selector.matchExpressions[0].values",
    ]);
    expect(v({ matchExpressions: [{ key: "k", operator: "DoesNotExist" }] })).toEqual([]);
    const bad = v({ matchExpressions: [{ key: "k", operator: "in", values: ["x"] }] });
    expect(fields(bad)).toEqual(["FieldValueInvalid@spec.selector.matchExpressions[0].operator"]);
    expect(fieldErrorMessage(bad[0]!)).toBe(
      'spec.selector.matchExpressions[0].operator: Invalid value: "in": not a valid selector operator',
    );
  });

  it("keys, values and matchLabels", () => {
    const errs = v({
      matchLabels: { "bad key": "v" },
      matchExpressions: [{ key: "-k", operator: "In", values: ["ok", "bad value"] }],
    });
    expect(fields(errs)).toEqual([
      "FieldValueInvalid@spec.selector.matchLabels",
      "FieldValueInvalid@spec.selector.matchExpressions[0].key",
      "FieldValueInvalid@spec.selector.matchExpressions[0].values[1]",
    ]);
    expect(v({ matchExpressions: [{ key: "k", operator: "In", values: ["bad value"] }] }, true)).toEqual([]);
  });
});

describe("owner references and finalizers", () => {
  it("basic owner reference checks", () => {
    const errs = validateOwnerReferences([{ apiVersion: "a/b/c", kind: "", name: "", uid: "" }], "o");
    expect(fields(errs)).toEqual([
      "FieldValueInvalid@o.apiVersion",
      "FieldValueInvalid@o.kind",
      "FieldValueInvalid@o.name",
      "FieldValueInvalid@o.uid",
    ]);
    expect(validateOwnerReferences([{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "u" }], "o")).toEqual(
      [],
    );
  });

  it("Event is a banned owner; only one controller", () => {
    const ev = validateOwnerReferences([{ apiVersion: "v1", kind: "Event", name: "e", uid: "u" }], "o");
    expect(ev.map((e) => e.detail)).toEqual(["/v1, Kind=Event is disallowed from being an owner"]);
    const two = validateOwnerReferences(
      [
        { apiVersion: "v1", kind: "A", name: "a", uid: "1", controller: true },
        { apiVersion: "v1", kind: "B", name: "b", uid: "2", controller: true },
      ],
      "o",
    );
    expect(two.map((e) => e.detail)).toEqual([
      'Only one reference can have Controller set to true. Found "true" in references for A/a and B/b',
    ]);
  });

  it("finalizers are qualified names and orphan/foregroundDeletion conflict", () => {
    expect(validateFinalizers(["kubernetes.io/pv-protection", "foregroundDeletion"], "f")).toEqual([]);
    expect(validateFinalizers(["a/b/c"], "f")).toHaveLength(1);
    expect(validateFinalizers(["orphan", "foregroundDeletion"], "f").map((e) => e.detail)).toEqual([
      "finalizer orphan and foregroundDeletion cannot be both set",
    ]);
  });
});

describe("validateObjectMeta", () => {
  const ns = { namespaced: true, nameFn: nameIsDNSSubdomain };
  const cluster = { namespaced: false, nameFn: nameIsDNSSubdomain };

  it("valid namespaced and cluster-scoped objects", () => {
    expect(validateObjectMeta({ name: "web-0", namespace: "default" }, ns, "metadata")).toEqual([]);
    expect(validateObjectMeta({ name: "node-1.example.com" }, cluster, "metadata")).toEqual([]);
  });

  it("name or generateName is required", () => {
    const errs = validateObjectMeta({ namespace: "default" }, ns, "metadata");
    expect(fields(errs)).toEqual(["FieldValueRequired@metadata.name"]);
    expect(errs[0]!.detail).toBe("name or generateName is required");
    // generateName alone still needs the generated name (name generation happens before validation)
    expect(fields(validateObjectMeta({ generateName: "web-", namespace: "d" }, ns, "metadata"))).toEqual([
      "FieldValueRequired@metadata.name",
    ]);
  });

  it("generateName is validated in prefix mode", () => {
    expect(validateObjectMeta({ name: "web-abcde", generateName: "web-" }, cluster, "metadata")).toEqual([]);
    expect(fields(validateObjectMeta({ name: "ok", generateName: "Web-" }, cluster, "metadata"))).toEqual([
      "FieldValueInvalid@metadata.generateName",
    ]);
    expect(fields(validateObjectMeta({ name: "web-" }, cluster, "metadata"))).toEqual([
      "FieldValueInvalid@metadata.name",
    ]);
  });

  it("custom name functions are used for name and generateName", () => {
    const errs = validateObjectMeta(
      { name: "test", generateName: "foo" },
      { namespaced: false, nameFn: (s) => (s === "test" ? [] : ["name-gen"]) },
      "field",
    );
    expect(errs.map(fieldErrorMessage)).toEqual(['field.generateName: Invalid value: "foo": name-gen']);
  });

  it("namespace required iff namespaced, and must be a DNS-1123 label", () => {
    expect(fields(validateObjectMeta({ name: "a" }, ns, "m"))).toEqual(["FieldValueRequired@m.namespace"]);
    expect(fields(validateObjectMeta({ name: "a", namespace: "x" }, cluster, "m"))).toEqual([
      "FieldValueForbidden@m.namespace",
    ]);
    const dotted = validateObjectMeta({ name: "a", namespace: "foo.bar" }, ns, "field");
    expect(dotted.map(fieldErrorMessage)).toEqual([
      'field.namespace: Invalid value: "foo.bar": must not contain dots',
    ]);
  });

  it("generation, labels, annotations, ownerReferences, finalizers, managedFields are checked", () => {
    const errs = validateObjectMeta(
      {
        name: "a",
        generation: -1,
        labels: { "bad key": "v" },
        annotations: { "bad key": "v" },
        ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: "", uid: "u" }],
        finalizers: ["a/b/c"],
        managedFields: [{ operation: "Patch", manager: "m" }],
      },
      cluster,
      "metadata",
    );
    expect(fields(errs)).toEqual([
      "FieldValueInvalid@metadata.generation",
      "FieldValueInvalid@metadata.labels",
      "FieldValueInvalid@metadata.annotations",
      "FieldValueInvalid@metadata.ownerReferences.name",
      "FieldValueInvalid@metadata.finalizers",
      "FieldValueInvalid@metadata.managedFields[0].operation",
    ]);
  });

  it("name functions", () => {
    expect(nameIsDNSSubdomain("a.b", false)).toEqual([]);
    expect(nameIsDNSLabel("a.b", false)).toEqual(["must not contain dots"]);
    expect(nameIsDNSLabel("ab-", true)).toEqual([]);
    expect(nameIsDNSLabel("ab-", false)).toHaveLength(1);
    expect(nameIsDNS1035Label("1ab", false)).toHaveLength(1);
    expect(nameIsDNS1035Label("ab-", true)).toEqual([]);
  });
});

describe("validateObjectMetaUpdate", () => {
  const base = {
    name: "a",
    namespace: "default",
    uid: "u1",
    resourceVersion: "7",
    generation: 2,
    creationTimestamp: "2024-01-01T00:00:00Z",
  };

  it("unchanged metadata is valid", () => {
    expect(validateObjectMetaUpdate({ ...base }, { ...base }, "metadata")).toEqual([]);
  });

  it("name, namespace, uid, creationTimestamp are immutable", () => {
    const errs = validateObjectMetaUpdate(
      { ...base, name: "b", namespace: "other", uid: "u2", creationTimestamp: "2024-01-02T00:00:00Z" },
      base,
      "metadata",
    );
    expect(fields(errs)).toEqual([
      "FieldValueInvalid@metadata.name",
      "FieldValueInvalid@metadata.namespace",
      "FieldValueInvalid@metadata.uid",
      "FieldValueInvalid@metadata.creationTimestamp",
    ]);
    expect(errs.every((e) => e.detail === "field is immutable")).toBe(true);
    // same instant written differently is semantically equal
    expect(
      validateObjectMetaUpdate({ ...base, creationTimestamp: "2024-01-01T01:00:00+01:00" }, base, "metadata"),
    ).toEqual([]);
  });

  it("clearing creationTimestamp is a change", () => {
    const { creationTimestamp: _omit, ...noTs } = base;
    expect(fields(validateObjectMetaUpdate(noTs, base, "m"))).toEqual(["FieldValueInvalid@m.creationTimestamp"]);
  });

  it("resourceVersion required, generation not decremented", () => {
    const errs = validateObjectMetaUpdate({ ...base, resourceVersion: "", generation: 1 }, base, "m");
    expect(fields(errs)).toEqual(["FieldValueInvalid@m.resourceVersion", "FieldValueInvalid@m.generation"]);
  });

  it("no new finalizers once deletion started", () => {
    const old = { ...base, deletionTimestamp: "2024-01-03T00:00:00Z", finalizers: ["a"] };
    const errs = validateObjectMetaUpdate({ ...old, finalizers: ["a", "z", "b"] }, old, "m");
    expect(errs.map((e) => e.detail)).toEqual([
      'no new finalizers can be added if the object is being deleted, found new finalizers []string{"b", "z"}',
    ]);
    expect(validateObjectMetaUpdate({ ...old, finalizers: [] }, old, "m")).toEqual([]);
    // not being deleted: adding finalizers is fine
    expect(validateObjectMetaUpdate({ ...base, finalizers: ["x"] }, base, "m")).toEqual([]);
  });

  it("deletionTimestamp and deletionGracePeriodSeconds are immutable here", () => {
    const errs = validateObjectMetaUpdate(
      { ...base, deletionTimestamp: "2024-01-03T00:00:00Z", deletionGracePeriodSeconds: 30 },
      base,
      "m",
    );
    expect(fields(errs)).toEqual([
      "FieldValueInvalid@m.deletionTimestamp",
      "FieldValueInvalid@m.deletionGracePeriodSeconds",
    ]);
  });
});

describe("metadata properties", () => {
  const alnum = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789");

  it("a valid label map stays valid as a selector's matchLabels and as annotations", () =>
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.array(alnum, { minLength: 1, maxLength: 20 }).map((a) => a.join("")),
          fc.array(alnum, { maxLength: 20 }).map((a) => a.join("")),
        ),
        (labels) => {
          expect(validateLabels(labels, "l")).toEqual([]);
          expect(validateLabelSelector({ matchLabels: labels }, {}, "s")).toEqual([]);
          expect(validateAnnotations(labels, "a")).toEqual([]);
        },
      ),
    ));

  it("a namespaced object's metadata is invalid exactly when its namespace is not a DNS-1123 label", () =>
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 70 }), (namespace) => {
        const errs = validateObjectMeta({ name: "a", namespace }, { namespaced: true, nameFn: nameIsDNSSubdomain }, "m");
        expect(errs.length).toBe(nameIsDNSLabel(namespace, false).length);
      }),
    ));
});
