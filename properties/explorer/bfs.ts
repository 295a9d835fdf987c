/**
 * The bounded explorer: breadth-first over a model's actions, deduplicating states by fingerprint, checking the
 * safety properties on every new state. BFS order makes the first counterexample found a shortest one.
 */
import type { ExplorableModel } from "./types.ts";

export interface ExploreOptions {
  /** Stop expanding beyond this depth (default: unbounded). */
  readonly maxDepth?: number;
  /** Stop after this many distinct states (default 1,000,000). */
  readonly maxStates?: number;
  /** Stop at the first property violation (default true). */
  readonly stopAtViolation?: boolean;
}

export interface ExploreResult<A> {
  readonly model: string;
  readonly distinctStates: number;
  /** Transitions explored (including those leading to states already seen). */
  readonly transitions: number;
  readonly depth: number;
  /** True when every reachable state (within maxDepth) was visited. */
  readonly complete: boolean;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly violation: { readonly property: string; readonly message: string; readonly actions: readonly A[] } | null;
}

export function explore<S, A>(model: ExplorableModel<S, A>, opts: ExploreOptions = {}): ExploreResult<A> {
  const start = process.hrtime.bigint();
  const maxDepth = opts.maxDepth ?? Infinity;
  const maxStates = opts.maxStates ?? 1_000_000;
  // parent pointers for counterexample paths: fingerprint -> [parent fingerprint, action]
  const parent = new Map<string, [string | null, A | null]>();
  // Each frontier state with its fingerprint (computed once, when the state is found).
  let frontier: [S, string][] = [];
  let transitions = 0;
  let depth = 0;
  let complete = true;
  let violation: ExploreResult<A>["violation"] = null;

  const pathTo = (fp: string): A[] => {
    const out: A[] = [];
    for (let cur: string | null = fp; cur !== null; ) {
      const entry: [string | null, A | null] = parent.get(cur)!;
      const [p, a] = entry;
      if (a !== null) out.push(a);
      cur = p;
    }
    return out.reverse();
  };
  const checkState = (s: S, fp: string): boolean => {
    for (const p of model.properties) {
      const m = p.check(s);
      if (m !== undefined) {
        violation = { property: p.name, message: m, actions: pathTo(fp) };
        return opts.stopAtViolation !== false;
      }
    }
    return false;
  };

  for (const s of model.init()) {
    const fp = model.fingerprint(s);
    if (parent.has(fp)) continue;
    parent.set(fp, [null, null]);
    frontier.push([s, fp]);
    if (checkState(s, fp)) return finish();
  }
  while (frontier.length > 0) {
    if (depth >= maxDepth) {
      complete = false;
      break;
    }
    const next: [S, string][] = [];
    for (const [s, sfp] of frontier) {
      for (const a of model.actions(s)) {
        transitions++;
        const t = model.next(s, a);
        if (t === undefined) continue;
        const fp = model.fingerprint(t);
        if (parent.has(fp)) continue;
        parent.set(fp, [sfp, a]);
        if (checkState(t, fp)) return finish();
        if (parent.size >= maxStates) {
          complete = false;
          return finish();
        }
        next.push([t, fp]);
      }
    }
    if (next.length > 0) depth++;
    frontier = next;
  }
  return finish();

  function finish(): ExploreResult<A> {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return {
      model: model.name,
      distinctStates: parent.size,
      transitions,
      depth,
      complete: complete && violation === null,
      seconds: +seconds.toFixed(3),
      statesPerSecond: Math.round(parent.size / Math.max(seconds, 1e-6)),
      violation,
    };
  }
}
