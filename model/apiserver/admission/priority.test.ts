import { describe, expect, it } from "vitest";
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { bootstrap } from "../../bootstrap.ts";
import { storeDelete, storePut } from "../../store/store.ts";
import { BUILTIN_BY_ID, storageKey } from "../resources.ts";
import { isStatus, type Status } from "../status.ts";
import { admissionChainOf } from "./chain.ts";
import { DEFAULT_CLUSTER_CONFIG } from "../../config.ts";
import { defaultPriorityClass, priorityAdmission } from "./priority.ts";
import { cluster, fails, namespace, ok, pod } from "../../../test/helpers.ts";
import cases from "../../../test/fixtures/fidelity/priority.json" with { type: "json" };

const PODS = BUILTIN_BY_ID.get("pods")!;
const PCS = BUILTIN_BY_ID.get("priorityclasses.scheduling.k8s.io")!;

interface ClassRow {
  name: string;
  value?: number;
  globalDefault?: boolean;
  description?: string;
  preemptionPolicy?: string;
}
function classObject({ name, ...fields }: ClassRow): KObject {
  return { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, ...fields } as unknown as KObject;
}

/** A state whose PriorityClasses are exactly these (the Go tests' informer holds only the case's classes). */
function withClasses(classes: readonly ClassRow[]): State {
  let s = bootstrap();
  for (const name of ["system-node-critical", "system-cluster-critical"]) {
    const r = storeDelete(s.store, storageKey(PCS, undefined, name));
    if (r.ok) s = { ...s, store: r.store };
  }
  for (const c of classes) {
    const r = storePut(s.store, storageKey(PCS, undefined, c.name), classObject(c));
    if (r.ok) s = { ...s, store: r.store };
  }
  return s;
}

const podCases = cases.filter((c) => c.kind === "pod");
const classCases = cases.filter((c) => c.kind === "priorityclass");
const defaultCases = cases.filter((c) => c.kind === "default");

describe("Priority admission of a pod (admission_test.go TestPodAdmission)", () => {
  for (const c of podCases) {
    it(`${c.source.split("#")[1]}: ${c.description}`, () => {
      const p = c.pod as Record<string, any>;
      const object: KObject = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: p.name, namespace: p.namespace, ...(p.annotations ? { annotations: p.annotations } : {}) },
        spec: {
          containers: [{ name: "container" }],
          ...(p.priorityClassName !== undefined ? { priorityClassName: p.priorityClassName } : {}),
          ...(p.priority !== undefined ? { priority: p.priority } : {}),
          ...(p.preemptionPolicy !== undefined ? { preemptionPolicy: p.preemptionPolicy } : {}),
        },
      };
      const r = priorityAdmission.admit!(withClasses(c.existingClasses as ClassRow[]), { operation: "CREATE", resource: PODS, namespace: p.namespace, name: p.name, object });
      if (c.expectError) {
        expect(isStatus(r)).toBe(true);
        expect((r as Status).code).toBe(403);
        return;
      }
      expect(isStatus(r)).toBe(false);
      const spec = (r as KObject).spec;
      expect(spec.priority).toBe(c.expectedPriority);
      if (c.expectedPreemptionPolicy) expect(spec.preemptionPolicy).toBe(c.expectedPreemptionPolicy);
    });
  }
});

describe("Priority admission of a PriorityClass (admission_test.go TestPriorityClassAdmission)", () => {
  for (const c of classCases) {
    it(`${c.source.split("#")[1]}: ${c.description}`, () => {
      const pc = classObject(c.newClass as ClassRow);
      const r = priorityAdmission.validate!(withClasses(c.existingClasses as ClassRow[]), { operation: "CREATE", resource: PCS, namespace: "", name: pc.metadata.name!, object: pc });
      expect(r !== undefined).toBe(c.expectError);
    });
  }
});

describe("the default priority (admission_test.go TestDefaultPriority)", () => {
  for (const c of defaultCases) {
    it(c.description, () => {
      const dpc = defaultPriorityClass(withClasses(c.existingClasses as ClassRow[]));
      expect(dpc?.metadata.name ?? "").toBe(c.expectedDefaultName);
      expect(dpc ? dpc.value : 0).toBe(c.expectedDefaultPriority);
    });
  }
});

const priorityClass = (name: string, value: number, extra: Record<string, unknown> = {}): KObject => ({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, ...extra }) as unknown as KObject;
const createPC = (s: State, pc: KObject) => ok(s, { verb: "create", resource: "priorityclasses.scheduling.k8s.io", object: pc });
const createPod = (s: State, p: KObject) => ok(s, { verb: "create", resource: "pods", namespace: "default", object: p });

describe("Priority admission through the API server", () => {
  it("runs in the default chain after ServiceAccount and before DefaultTolerationSeconds (AllOrderedPlugins)", () => {
    expect(admissionChainOf(DEFAULT_CLUSTER_CONFIG).map((p) => p.name)).toEqual(["NamespaceLifecycle", "ServiceAccount", "Priority", "DefaultTolerationSeconds", "StorageObjectInUseProtection", "PersistentVolumeClaimResize", "ResourceQuota"]);
  });

  it("gives a pod that names no class priority 0 and PreemptLowerPriority when no class is globalDefault", () => {
    const created = createPod(cluster(), pod("p")).obj;
    expect(created.spec.priority).toBe(0);
    expect(created.spec.preemptionPolicy).toBe("PreemptLowerPriority");
    expect(created.spec.priorityClassName).toBeUndefined();
  });

  it("gives a pod the globalDefault class's name, value and policy; a named class's value and policy", () => {
    let s = createPC(cluster(), priorityClass("batch", 100, { globalDefault: true, preemptionPolicy: "Never" })).state;
    s = createPC(s, priorityClass("high", 1000)).state;
    const dflt = createPod(s, pod("a")).obj;
    expect(dflt.spec).toMatchObject({ priorityClassName: "batch", priority: 100, preemptionPolicy: "Never" });
    const high = createPod(s, pod("b", { spec: { ...pod("b").spec, priorityClassName: "high" } })).obj;
    // The class's preemptionPolicy was defaulted to PreemptLowerPriority when it was created.
    expect(high.spec).toMatchObject({ priorityClassName: "high", priority: 1000, preemptionPolicy: "PreemptLowerPriority" });
    const critical = createPod(s, pod("c", { spec: { ...pod("c").spec, priorityClassName: "system-node-critical" } })).obj;
    expect(critical.spec.priority).toBe(2000001000);
  });

  it("refuses a pod naming a class that does not exist, and one whose priority disagrees, 403 as upstream words it", () => {
    const s = cluster();
    const missing = fails(s, { verb: "create", resource: "pods", namespace: "default", object: pod("x", { spec: { ...pod("x").spec, priorityClassName: "foo" } }) }, 403);
    expect(missing.reason).toBe("Forbidden");
    expect(missing.message).toBe('pods "x" is forbidden: no PriorityClass with name foo was found');
    const wrong = fails(s, { verb: "create", resource: "pods", namespace: "default", object: pod("y", { spec: { ...pod("y").spec, priority: 5 } }) }, 403);
    expect(wrong.message).toBe('pods "y" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name');
    const policy = fails(s, { verb: "create", resource: "pods", namespace: "default", object: pod("z", { spec: { ...pod("z").spec, preemptionPolicy: "Never" } }) }, 403);
    expect(policy.message).toBe(
      'pods "z" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name',
    );
  });

  it("keeps a pod's priority when an update drops it", () => {
    const { state, obj } = createPod(cluster(), pod("p"));
    const { priority: _p, preemptionPolicy: _pp, ...spec } = obj.spec;
    const updated = ok(state, { verb: "update", resource: "pods", namespace: "default", name: "p", object: { ...obj, spec } }).obj;
    expect(updated.spec.priority).toBe(0);
    expect(updated.spec.preemptionPolicy).toBe("PreemptLowerPriority");
  });

  it("refuses a second globalDefault class, and marking another class default; the default class itself may be updated", () => {
    let s = createPC(cluster(), priorityClass("first", 10, { globalDefault: true })).state;
    const second = fails(s, { verb: "create", resource: "priorityclasses.scheduling.k8s.io", object: priorityClass("second", 20, { globalDefault: true }) }, 403);
    expect(second.message).toBe('priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist');
    s = createPC(s, priorityClass("other", 30)).state;
    const other = ok(s, { verb: "get", resource: "priorityclasses.scheduling.k8s.io", name: "other" }).obj;
    fails(s, { verb: "update", resource: "priorityclasses.scheduling.k8s.io", name: "other", object: { ...other, globalDefault: true } as KObject }, 403);
    const first = ok(s, { verb: "get", resource: "priorityclasses.scheduling.k8s.io", name: "first" }).obj;
    ok(s, { verb: "update", resource: "priorityclasses.scheduling.k8s.io", name: "first", object: { ...first, description: "still the default" } as KObject });
  });

  it("a pod created in a new namespace gets its priority too (the plug-in is not namespace-bound)", () => {
    let s = ok(cluster(), { verb: "create", resource: "namespaces", object: namespace("team") }).state;
    s = ok(s, { verb: "create", resource: "serviceaccounts", namespace: "team", object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } } }).state;
    const p = ok(s, { verb: "create", resource: "pods", namespace: "team", object: pod("p", { spec: { ...pod("p").spec, priorityClassName: "system-cluster-critical" } }) }).obj;
    expect(p.spec.priority).toBe(2000000000);
  });
});
