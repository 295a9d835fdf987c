/** A bug of the zoo: a documented Kubernetes bug, switchable into one component of the model. */
export interface Bug {
  readonly id: string;
  readonly title: string;
  /** Where it is documented (issue or PR). */
  readonly source: string;
  /** The component kind it lives in. */
  readonly component: string;
  /** The invariant that catches it. */
  readonly invariant: string;
  /** The scope in which the checker looks for it. */
  readonly scope: string;
  /** Known minimal counterexample length (actions), for the shrinking bound in tests. */
  readonly minimalLength?: number;
  /** Puts the buggy behaviour in; returns the function that takes it out again. */
  enable(): () => void;
}
