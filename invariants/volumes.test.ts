import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { btreeDelete, btreeEmpty, btreeFrom, btreeRange, btreeSet, type BTree } from "../model/collections/btree.ts";
import type { State } from "../model/state.ts";
import type { NetworkDisk } from "../model/world/types.ts";
import { enabled } from "../model/enabled.ts";
import { step } from "../model/step.ts";
import { settle } from "../model/settle.ts";
import { advance } from "../model/advance.ts";
import { handle } from "../model/apiserver/handle.ts";
import { createPod } from "../model/kubelet/kubelet.test-support.ts";
import { podWithVolumes, volumeCluster } from "../model/kubelet/volume-types.test-support.ts";
import { changedEntries, rwoDiskSingleNode } from "./volumes.ts";

const disk = (id: string, attachedTo: string[], exclusive: boolean): NetworkDisk => ({
  id,
  plugin: "kubernetes.io/gce-pd",
  attachedTo,
  exclusive,
  users: attachedTo.map((node, i) => ({ node, namespace: "default", name: `p${i}`, exclusive })),
  mounts: attachedTo.length,
});

const withDisks = (s: State, disks: BTree<NetworkDisk>): State => ({ ...s, world: { ...s.world, disks } });

describe("changedEntries", () => {
  it("lists exactly the entries added or changed between two versions of a tree", () =>
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 2000 }), { maxLength: 300 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.constantFrom("set", "delete")), { maxLength: 40 }),
        (initial, edits) => {
          const key = (i: number) => `k${String(i).padStart(5, "0")}`;
          const before = btreeFrom(initial.map((i) => [key(i), { v: i }] as const));
          let after = before;
          for (const [i, op] of edits) after = op === "set" ? btreeSet(after, key(i), { v: -i }) : btreeDelete(after, key(i));
          const expected: string[] = [];
          const old = new Map([...btreeRange(before)]);
          for (const [k, v] of btreeRange(after)) if (old.get(k) !== v) expected.push(k);
          expect([...changedEntries(after, before)].map(([k]) => k)).toEqual(expected);
          expect([...changedEntries(after, after)]).toEqual([]);
          expect([...changedEntries(after, undefined)].length).toBe(after.size);
        },
      ),
      { numRuns: 100 },
    ));
});

describe("rwo-disk-single-node", () => {
  const base = volumeCluster(["n1"]);

  it("reports an exclusive disk attached to two nodes, and nothing for shared or single attachments", () => {
    const ok = withDisks(base, btreeFrom([["nfs/a", disk("nfs/a", ["n1", "n2"], false)], ["gce-pd/b", disk("gce-pd/b", ["n1"], true)]]));
    expect(rwoDiskSingleNode.check(ok, base)).toEqual([]);
    const bad = withDisks(ok, btreeSet(ok.world.disks!, "gce-pd/b", disk("gce-pd/b", ["n1", "n2"], true)));
    expect(rwoDiskSingleNode.check(bad, ok)).toEqual([
      {
        invariant: "rwo-disk-single-node",
        objects: ["Disk gce-pd/b", "Pod default/p0", "Pod default/p1"],
        message: "ReadWriteOnce disk gce-pd/b is attached to 2 nodes: n1, n2",
      },
    ]);
    // Checked on what changed: a step that leaves the disks alone costs nothing; the initial state is checked whole.
    expect(rwoDiskSingleNode.check(bad, bad)).toEqual([]);
    expect(rwoDiskSingleNode.check(bad).length).toBe(1);
    expect(rwoDiskSingleNode.check(withDisks(base, btreeEmpty()), base)).toEqual([]);
  });

  it("holds whatever the interleaving of pods on two nodes sharing ReadWriteOnce disks, deletions and crashes", () =>
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: 10, maxLength: 70 }), (choices) => {
        let s = settle(volumeCluster(["n1", "n2"])).state;
        let created = 0;
        const podNames: string[] = [];
        for (const c of choices) {
          const prev = s;
          const kind = c % 10;
          if (kind === 0 && created < 6) {
            const name = `p${created++}`;
            const node = c % 20 < 10 ? "n1" : "n2";
            const pd = c % 40 < 20 ? "pd-a" : "pd-b";
            s = createPod(s, podWithVolumes(name, node, [{ name: "data", gcePersistentDisk: { pdName: pd } }]));
            podNames.push(name);
          } else if (kind === 1 && podNames.length > 0) {
            const name = podNames[c % podNames.length]!;
            const r = handle(s, { verb: "delete", resource: "pods", namespace: "default", name, ...(c % 3 === 0 ? { gracePeriodSeconds: 0 } : {}) });
            s = r.state;
          } else if (kind === 2) {
            s = step(s, { type: c % 4 < 2 ? "node.crash" : "node.recover", node: c % 8 < 4 ? "n1" : "n2" });
          } else if (kind === 3) {
            s = step(s, { type: "clock.advance", seconds: 10 });
          } else {
            const acts = enabled(s);
            if (acts.length > 0) s = step(s, acts[c % acts.length]!);
          }
          expect(rwoDiskSingleNode.check(s, prev)).toEqual([]);
          // The runtime's truth agrees: no two machines have running sandboxes mounting one exclusive disk.
          for (const pd of ["gce-pd/pd-a", "gce-pd/pd-b"]) {
            const nodes = new Set<string>();
            for (const [name, m] of btreeRange(s.world.machines)) {
              for (const [, rp] of btreeRange(m.pods)) if (rp.sandboxRunning && Object.values(rp.volumes).includes(`disk:${pd}`)) nodes.add(name);
            }
            expect(nodes.size).toBeLessThanOrEqual(1);
          }
        }
        // Once faults stop and the mount back-off (at most 122 s) has passed, no disk is left idle while a pod
        // waits for it: of the pods that want a disk, some pod runs.
        for (const node of ["n1", "n2"]) s = step(s, { type: "node.recover", node });
        s = advance(s, 150).state;
        expect(rwoDiskSingleNode.check(s)).toEqual([]);
        const list = handle(s, { verb: "list", resource: "pods", namespace: "default" }).result as any;
        for (const pd of ["pd-a", "pd-b"]) {
          const wanting = list.items.filter((p: any) => p.spec.volumes?.some((v: any) => v.gcePersistentDisk?.pdName === pd));
          if (wanting.length > 0) expect([pd, wanting.some((p: any) => p.status?.phase === "Running")]).toEqual([pd, true]);
        }
      }),
      { numRuns: 15 },
    ));
});
