/**
 * What the explorer explores: a model in Stateright's shape — initial states, the actions enabled in a state,
 * the next state, and properties that must hold in every reachable state. The model knows nothing of the
 * checker (as in Lamport's specs); the explorer knows nothing of Kubernetes.
 */
export interface ExplorableModel<S, A> {
  readonly name: string;
  init(): S[];
  actions(state: S): A[];
  /** The next state, or undefined when the action changes nothing. */
  next(state: S, action: A): S | undefined;
  /** A fingerprint: equal for states that are the same. */
  fingerprint(state: S): string;
  /** Safety properties: each returns a message when violated in the state. */
  readonly properties: readonly { readonly name: string; check(state: S): string | undefined }[];
}
