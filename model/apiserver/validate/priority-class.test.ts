import { describe, expect, it } from "vitest";
import type { KObject } from "../../objects/types.ts";
import { BUILTIN_BY_ID } from "../resources.ts";
import { validateCreate, validateUpdate } from "./index.ts";
import { cluster, fails, ok } from "../../../test/helpers.ts";
import cases from "../../../test/fixtures/fidelity/priority.json" with { type: "json" };

const PCS = BUILTIN_BY_ID.get("priorityclasses.scheduling.k8s.io")!;

interface ClassRow {
  name: string;
  namespace?: string;
  value?: number;
  globalDefault?: boolean;
  description?: string;
  preemptionPolicy?: string;
}
function classObject({ name, namespace, ...fields }: ClassRow, resourceVersion?: string): KObject {
  return { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name, ...(namespace ? { namespace } : {}), ...(resourceVersion ? { resourceVersion } : {}) }, ...fields } as unknown as KObject;
}

describe("ValidatePriorityClass (validation_test.go TestValidatePriorityClass)", () => {
  for (const c of cases.filter((x) => x.kind === "validate")) {
    it(`${c.description}: ${c.valid ? "valid" : "invalid"}`, () => {
      const errs = validateCreate(PCS, classObject(c.class as ClassRow));
      expect(errs.length === 0).toBe(c.valid);
    });
  }
});

describe("ValidatePriorityClassUpdate (validation_test.go TestValidatePriorityClassUpdate)", () => {
  for (const c of cases.filter((x) => x.kind === "validateUpdate")) {
    it(`${c.description}: ${c.valid ? "valid" : c.expectedErrorType}`, () => {
      const errs = validateUpdate(PCS, classObject(c.class as ClassRow, "2"), classObject(c.old as ClassRow, "1"));
      if (c.valid) expect(errs).toEqual([]);
      else {
        expect(errs.length).toBeGreaterThan(0);
        for (const e of errs) expect(e.type).toBe(c.expectedErrorType);
      }
    });
  }
});

const pc = (name: string, value: number, extra: Record<string, unknown> = {}): KObject => ({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, ...extra }) as unknown as KObject;
const create = (object: KObject) => ({ verb: "create" as const, resource: "priorityclasses.scheduling.k8s.io", object });

describe("PriorityClass through the API server", () => {
  it("is cluster-scoped, defaults preemptionPolicy to PreemptLowerPriority, and an absent value to 0", () => {
    const made = ok(cluster(), create({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "zero" } })).obj as any;
    expect(made).toMatchObject({ value: 0, preemptionPolicy: "PreemptLowerPriority" });
    expect(made.metadata.namespace).toBeUndefined();
  });

  it("refuses a user value above 1e9 and a system- name that is not a system class, 422 as upstream words it", () => {
    const s = cluster();
    expect(fails(s, create(pc("huge", 1000000001)), 422).message).toBe(
      'PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    );
    expect(fails(s, create(pc("system-mine", 5)), 422).message).toBe(
      "PriorityClass.scheduling.k8s.io \"system-mine\" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
    );
    expect(fails(s, create(pc("odd", 5, { preemptionPolicy: "Sometimes" })), 422).message).toBe(
      'PriorityClass.scheduling.k8s.io "odd" is invalid: preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"',
    );
    // The system classes exist from the start: creating one again is a conflict of names, not of validation.
    expect(fails(s, create(pc("system-node-critical", 2000001000)), 409).reason).toBe("AlreadyExists");
  });

  it("value and preemptionPolicy are immutable; description and globalDefault are not", () => {
    const s = ok(cluster(), create(pc("tier1", 100))).state;
    const got = ok(s, { verb: "get", resource: "priorityclasses.scheduling.k8s.io", name: "tier1" }).obj as any;
    expect(fails(s, { verb: "update", resource: "priorityclasses.scheduling.k8s.io", name: "tier1", object: { ...got, value: 101 } }, 422).message).toBe(
      'PriorityClass.scheduling.k8s.io "tier1" is invalid: value: Forbidden: may not be changed in an update.',
    );
    expect(fails(s, { verb: "update", resource: "priorityclasses.scheduling.k8s.io", name: "tier1", object: { ...got, preemptionPolicy: "Never" } }, 422).message).toBe(
      'PriorityClass.scheduling.k8s.io "tier1" is invalid: preemptionPolicy: Invalid value: "Never": field is immutable',
    );
    const changed = ok(s, { verb: "update", resource: "priorityclasses.scheduling.k8s.io", name: "tier1", object: { ...got, description: "d", globalDefault: true } }).obj as any;
    expect(changed).toMatchObject({ description: "d", globalDefault: true, value: 100 });
  });

  it("a value that is not an int32 is 400 from the decoder", () => {
    const st = fails(cluster(), create(pc("big", 2 ** 31)), 400);
    expect(st.message).toBe(
      'PriorityClass in version "v1" cannot be handled as a PriorityClass: json: cannot unmarshal number 2147483648 into Go struct field PriorityClass.value of type int32',
    );
  });
});
