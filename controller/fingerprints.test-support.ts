/** Test support: the fingerprints of the states one action, taken again and again, leads through. */
import type { Action } from "../model/actions.ts";
import type { State } from "../model/state.ts";
import type { Cluster } from "../model/cluster.ts";
import { fingerprint } from "../properties/fingerprint.ts";

export function fingerprintsAlong(cluster: Cluster, start: State, action: Action, times: number): string[] {
  const fps: string[] = [];
  let s = start;
  for (let i = 0; i < times; i++) {
    s = cluster.step(s, action);
    fps.push(fingerprint(s));
  }
  return fps;
}
