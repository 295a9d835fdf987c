/**
 * Recording Events, as client-go's event recorder and EventCorrelator do (tools/record/event.go,
 * events_cache.go): an Event names its involved object, a reason, a message, its source component, a count and
 * first/last timestamps; the same event again (same object, reason, message, source) bumps the count of the
 * existing Event instead of creating another. Recording is best effort: a refused write is dropped.
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { timestamp } from "../clock.ts";
import { send } from "../client.ts";
import { isStatus } from "../apiserver/status.ts";
import type { EffectLog } from "../effects.ts";
import { storeGet } from "../store/store.ts";
import { BUILTIN_BY_ID, storageKey } from "../apiserver/resources.ts";
import { fnv32aCodeUnits, hex32 } from "../collections/fnv.ts";

const EVENTS = BUILTIN_BY_ID.get("events")!;

export interface EventInput {
  readonly type: "Normal" | "Warning";
  readonly reason: string;
  readonly message: string;
}

/** Records an event about `obj` from component `source`. */
export function recordEvent(state: State, source: string, obj: KObject, ev: EventInput, log?: EffectLog): State {
  const ns = obj.metadata.namespace || "default";
  // A stable suffix from what makes two events the same, so that a repeat finds the Event it repeats.
  const name = `${obj.metadata.name}.${hex32(fnv32aCodeUnits(`${obj.metadata.uid}|${ev.reason}|${ev.message}|${source}`))}`;
  const now = timestamp(state.clock.now);
  // The correlator's cache of what it already sent: the model reads the stored Event (same outcome, no local LRU).
  const prev = storeGet(state.store, storageKey(EVENTS, ns, name))?.value;
  if (prev) {
    const r = send(state, source, { verb: "patch", resource: "events", namespace: ns, name, patch: { count: ((prev as any).count ?? 1) + 1, lastTimestamp: now } }, log);
    return isStatus(r.result) ? state : r.state;
  }
  const event: KObject = {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: ns },
    involvedObject: {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
    },
    reason: ev.reason,
    message: ev.message,
    source: { component: source },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type: ev.type,
  };
  const r = send(state, source, { verb: "create", resource: "events", namespace: ns, object: event }, log);
  return isStatus(r.result) ? state : r.state;
}
