/**
 * The PVC protection controller (pkg/controller/volume/pvcprotection/pvc_protection_controller.go), driven by the
 * Go test's table (pvc_protection_controller_test.go TestPVCProtectionController; test/fixtures/fidelity/
 * pvc-protection.json): each row's objects are put in the store (and, unless the informers are late, in the
 * controller's caches), its event is handed to the event handlers, and every queued claim is synced; the client
 * requests the controller makes are compared with the Go test's expected actions.
 */
import { describe, expect, it } from "vitest";
import cases from "../../../../test/fixtures/fidelity/pvc-protection.json" with { type: "json" };
import type { KObject } from "../../../objects/types.ts";
import type { State } from "../../../state.ts";
import { EffectLog } from "../../../effects.ts";
import type { WatchEvent } from "../../../apiserver/watch.ts";
import { componentAt } from "../../../state.ts";
import { PVC_PROTECTION_FINALIZER } from "../../../objects/storage-protection.ts";
import { pvcProtectionController, PVC_PROTECTION_ID } from "./controller.ts";
import { claim, clusterWithoutProtectionAdmission, createPod, getObject, must, podObject, run } from "./protection.test-support.ts";

interface FixturePod {
  readonly uid: string;
  readonly scheduled: boolean;
  readonly phase: string;
  readonly claims: readonly string[];
  readonly emptyDir: boolean;
}

const sync = (resource: string) => ({ type: "informer.sync" as const, component: PVC_PROTECTION_ID, resource });

/** The pod a row describes as an object (for events of pods not in the store), with its uid mapped. */
const podOf = (p: FixturePod, uid: string): KObject => {
  const o = podObject({ scheduled: p.scheduled, claims: p.claims, emptyDir: p.emptyDir });
  return { ...o, metadata: { ...o.metadata, uid }, status: { phase: p.phase } };
};

describe("PVC protection controller (TestPVCProtectionController)", () => {
  for (const c of cases) {
    it(`${c.description} [${c.source.split("#")[1]}]`, () => {
      let s: State = clusterWithoutProtectionAdmission();
      s = must(s, { verb: "create", resource: "persistentvolumeclaims", namespace: "default", object: claim("pvc1", c.pvc.finalizer ? [PVC_PROTECTION_FINALIZER] : undefined) }).state;
      if (c.pvc.deleted) s = must(s, { verb: "delete", resource: "persistentvolumeclaims", namespace: "default", name: "pvc1" }).state;
      // The Go test's uids stand for "the same pod" or "another pod": map the stored pod's to the uid it got.
      const uids = new Map<string, string>();
      const stored: KObject[] = [];
      const createPods = () => {
        for (const p of c.pods as FixturePod[]) {
          const r = createPod(s, { scheduled: p.scheduled, claims: p.claims, emptyDir: p.emptyDir }, p.phase);
          s = r.state;
          uids.set(p.uid, r.object.metadata.uid!);
          stored.push(r.object);
        }
      };
      if (!c.informersAreLate) createPods();
      s = run(s, sync("persistentvolumeclaims"), sync("pods"));
      if (c.informersAreLate) createPods();
      const uidOf = (u: string) => uids.get(u) ?? `not-${u}`;

      // The events.
      let comp = componentAt<null>(s, PVC_PROTECTION_ID)!;
      const keys: string[] = [];
      if (c.pvcEvent) keys.push(...pvcProtectionController.keysFor("persistentvolumeclaims", { type: "MODIFIED", object: getObject(s, "persistentvolumeclaims", "pvc1", "default")! }, comp));
      const pe = c.podEvent as { type: "MODIFIED" | "DELETED"; new?: number; old?: FixturePod; gone?: FixturePod } | null;
      if (pe) {
        const ev: WatchEvent =
          pe.type === "DELETED" ? { type: "DELETED", object: podOf(pe.gone!, "uid-gone") } : { type: "MODIFIED", object: stored[pe.new!]!, ...(pe.old ? { oldObject: podOf(pe.old, uidOf(pe.old.uid)) } : {}) };
        keys.push(...pvcProtectionController.keysFor("pods", ev, comp));
      }

      // The worker: every queued claim, once (the queue deduplicates).
      const log = new EffectLog();
      for (const key of new Set(keys)) {
        comp = componentAt<null>(s, PVC_PROTECTION_ID)!;
        const r = pvcProtectionController.reconcile(s, comp, key, log);
        expect(r.requeue ?? false).toBe(false);
        s = r.state;
      }
      const actions = log.effects.flatMap((e) => (e.kind === "request" && e.client === PVC_PROTECTION_ID ? [{ verb: e.verb, resource: e.resource, namespace: e.namespace }] : []));
      expect(actions).toEqual(c.expectedActions.map(({ verb, resource, namespace }) => ({ verb, resource, namespace })));
      // What the update wrote: the claim with the expected finalizers, or (finalizer removed from a deleted claim) gone.
      const update = c.expectedActions.find((a) => a.verb === "update");
      const after = getObject(s, "persistentvolumeclaims", "pvc1", "default");
      if (update && c.pvc.deleted && update.finalizers!.length === 0) expect(after).toBeUndefined();
      else if (update) expect(after!.metadata.finalizers).toEqual(update.finalizers);
    });
  }
});
