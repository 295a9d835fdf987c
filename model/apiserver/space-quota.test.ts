import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bootstrap } from "../bootstrap.ts";
import { send } from "../client.ts";
import { btreeValues } from "../collections/btree.ts";
import { kvCost } from "../store/store.ts";
import type { State } from "../state.ts";
import { ERR_NO_SPACE } from "./space-quota.ts";

const configMap = (name: string, size: number) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" }, data: { k: "x".repeat(size) } });
const create = (s: State, name: string, size = 10) => send(s, "user", { verb: "create", resource: "configmaps", namespace: "default", object: configMap(name, size) });
const liveBytes = (s: State) => btreeValues(s.store.kvs).reduce((n, kv) => n + kvCost(kv.key, kv.value), 0);

describe("etcd's space quota (quota-backend-bytes)", () => {
  it("refuses a create past the quota as kube-apiserver relays etcd's error: 500, no reason, etcd's words; nothing is written", () => {
    const s0 = bootstrap({ config: { quotaBackendBytes: 0 } });
    const quota = s0.store.sizeBytes + 3000;
    const s = { ...s0, config: { ...s0.config, quotaBackendBytes: quota } };
    const ok = create(s, "small", 100);
    expect((ok.result as any).kind).toBe("ConfigMap");
    const r = create(ok.state, "big", 4000);
    expect(r.result).toEqual({ apiVersion: "v1", kind: "Status", metadata: {}, status: "Failure", message: ERR_NO_SPACE, reason: "", code: 500 });
    expect(r.state.store).toBe(ok.state.store);
  });

  it("0 is no quota: ten ConfigMaps of 1,000,000 bytes (each under the 1 MiB a ConfigMap may hold) pass the default 8 MiB only without one", () => {
    let none = bootstrap({ config: { quotaBackendBytes: 0 } });
    let dflt = bootstrap();
    const kinds: string[] = [];
    for (let i = 0; i < 10; i++) {
      const a = create(none, `big-${i}`, 1_000_000);
      expect((a.result as any).kind).toBe("ConfigMap");
      none = a.state;
      const b = create(dflt, `big-${i}`, 1_000_000);
      kinds.push((b.result as any).kind);
      dflt = b.state;
    }
    expect(kinds.filter((k) => k === "ConfigMap")).toHaveLength(8);
    expect(kinds.slice(8)).toEqual(["Status", "Status"]);
  });

  it("the store's size is the quota charge of its live keys after any creates and deletes", () =>
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5 }), fc.nat(300)), { maxLength: 25 }), (ops) => {
        let s = bootstrap({ config: { quotaBackendBytes: 0 } });
        for (const [del, i, size] of ops) {
          s = del ? send(s, "user", { verb: "delete", resource: "configmaps", namespace: "default", name: `cm-${i}` }).state : create(s, `cm-${i}`, size).state;
        }
        expect(s.store.sizeBytes).toBe(liveBytes(s));
      }),
      { numRuns: 30 },
    ));
});
