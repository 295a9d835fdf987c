/**
 * What a step did besides changing the state: the requests components sent to the API server and their answers,
 * and notes such as a kube-proxy connection's result. Reports draw sequence diagrams and traces from these; the
 * state never holds them.
 */
import type { ApiRequest } from "./apiserver/request.ts";

export type Effect =
  | {
      readonly kind: "request";
      /** Who sent it: a component id, or "user". */
      readonly client: string;
      readonly verb: ApiRequest["verb"];
      readonly resource: string;
      readonly namespace?: string;
      readonly name?: string;
      /** HTTP status code of the answer (200/201 for success). */
      readonly code: number;
      /** The Status message of a failure. */
      readonly message?: string;
    }
  | { readonly kind: "note"; readonly who: string; readonly text: string };

/** Collects effects during one step (a local, per-step value: step stays pure from the outside). */
export class EffectLog {
  readonly effects: Effect[] = [];
  push(e: Effect): void {
    this.effects.push(e);
  }
}
