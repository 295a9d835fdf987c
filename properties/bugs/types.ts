/** A bug of the zoo: a documented Kubernetes bug, switchable into one component of the model. */
import type { ClusterVariant } from "../../model/config.ts";

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
  /**
   * Where the bounded explorer finds it too (absent: nowhere small enough): within `depth` actions from the
   * scope's starting state (after its warm-up, if it has one), or, with `scenario`, from that scenario's cluster
   * after its steps (a path relative to the project, under scenarios/zoo/: the bug's own small setting, as a
   * bug report states it), exploring the component actions only. `components` restricts exploring to the
   * actions of the components the bug lives between (the others lag; see ClusterModelOptions.components).
   */
  readonly explore?: { readonly depth: number; readonly maxStates?: number; readonly scenario?: string; readonly components?: readonly string[] };
  /** The cluster with the bug: options of its component (or admission plug-in) switched on, as data. */
  readonly variant: ClusterVariant;
}
