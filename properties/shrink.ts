/**
 * Delta debugging (Zeller's ddmin) over a list of actions: the result still makes `fails` true, and removing any
 * single action from it makes `fails` false (1-minimal). fast-check's own shrinking runs first on the choice
 * list; this pass then works on the concrete actions, where an action removed no longer shifts the meaning of
 * the ones after it.
 */
export function ddmin<T>(items: readonly T[], fails: (candidate: readonly T[]) => boolean, budget = 2_000): T[] {
  let current = [...items];
  let n = 2;
  let calls = 0;
  const test = (c: readonly T[]) => {
    calls++;
    return fails(c);
  };
  while (current.length >= 2 && calls < budget) {
    const chunk = Math.ceil(current.length / n);
    let reduced = false;
    for (let i = 0; i < n && calls < budget; i++) {
      const complement = [...current.slice(0, i * chunk), ...current.slice((i + 1) * chunk)];
      if (complement.length < current.length && test(complement)) {
        current = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(n * 2, current.length);
    }
  }
  // Final 1-minimality pass: try removing each single action.
  for (let i = current.length - 1; i >= 0 && calls < budget; i--) {
    const c = [...current.slice(0, i), ...current.slice(i + 1)];
    if (test(c)) current = c;
  }
  return current;
}
