/** What one step changed: API objects (from the store's watch log) and machines (from the world). */
import type { State } from "../model/state.ts";
import { btreeGet, btreeRange, btreeKeys } from "../model/collections/btree.ts";
import { revKey } from "../model/store/store.ts";
import { jsonDiff, type FieldChange } from "./diff.ts";

export interface ObjectChange {
  readonly op: "created" | "updated" | "deleted";
  /** "Kind namespace/name". */
  readonly object: string;
  readonly fields: readonly FieldChange[];
}

export interface StepChanges {
  readonly objects: readonly ObjectChange[];
  readonly world: readonly string[];
}

const refOf = (o: any) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;

export function changesBetween(before: State, after: State): StepChanges {
  const objects: ObjectChange[] = [];
  if (after.store.revision > before.store.revision) {
    for (const [, ev] of btreeRange(after.store.log, revKey(before.store.revision + 1))) {
      if (ev.type === "DELETE") objects.push({ op: "deleted", object: refOf(ev.prevKv!.value), fields: [] });
      else if (!ev.prevKv) objects.push({ op: "created", object: refOf(ev.kv.value), fields: [] });
      else objects.push({ op: "updated", object: refOf(ev.kv.value), fields: jsonDiff(ev.prevKv.value, ev.kv.value) });
    }
  }
  const world: string[] = [];
  for (const [name, m] of btreeRange(after.world.machines)) {
    const b = btreeGet(before.world.machines, name);
    if (!b) {
      world.push(`machine ${name} added`);
      continue;
    }
    if (b.up !== m.up) world.push(`machine ${name} ${m.up ? "is up" : "crashed"}`);
    if (b.partitioned !== m.partitioned) world.push(`machine ${name} ${m.partitioned ? "is partitioned from the API server" : "partition healed"}`);
    if (b.pods !== m.pods) {
      const was = new Set(btreeKeys(b.pods));
      const now = new Set(btreeKeys(m.pods));
      for (const [uid, p] of btreeRange(m.pods)) if (!was.has(uid)) world.push(`${name}: sandbox for ${p.namespace}/${p.name} started (IP ${p.ip})`);
      for (const [uid, p] of btreeRange(b.pods)) if (!now.has(uid)) world.push(`${name}: pod ${p.namespace}/${p.name} torn down`);
      for (const [uid, p] of btreeRange(m.pods)) {
        const old = btreeGet(b.pods, uid);
        if (!old || old === p) continue;
        for (const c of p.containers) {
          const oc = old.containers.find((x) => x.name === c.name);
          if (!oc || oc.state !== c.state || oc.restartCount !== c.restartCount || oc.ready !== c.ready) {
            world.push(`${name}: ${p.namespace}/${p.name} container ${c.name} ${c.state}${c.exitCode !== undefined && c.state === "terminated" ? ` (exit ${c.exitCode})` : ""}${c.ready ? ", ready" : ""}, restarts ${c.restartCount}`);
          }
        }
      }
    }
  }
  return { objects, world };
}
