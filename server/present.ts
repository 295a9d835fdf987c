/** How an answer is presented: as the object, or as a meta.k8s.io Table when the client asks (pending). */
import type { State } from "../model/state.ts";
import type { KObject } from "../model/objects/types.ts";

export const wantsTable = (_accept: string): boolean => false;
export const present = (_state: State, _resource: string, obj: KObject, _q: URLSearchParams): unknown => obj;
export const presentEvent = (_state: State, _resource: string, obj: KObject, _first: boolean): unknown => obj;
