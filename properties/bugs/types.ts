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
  /**
   * The checker budget within which `kubeprop check --bug ID` finds it (defaults: seed 1, 50 runs, 40 steps);
   * the zoo tests hold every bug to its budget.
   */
  readonly budget?: { readonly seed?: number; readonly runs?: number; readonly maxSteps?: number };
  /** Where the bounded explorer finds it too: a depth from the scope's starting state (after its warm-up, if it has one; absent: the scope is too big). */
  readonly explore?: { readonly depth: number; readonly maxStates?: number };
  /** Puts the buggy behaviour in; returns the function that takes it out again. */
  enable(): () => void;
}
