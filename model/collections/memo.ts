/**
 * Memoized pure functions: the one way a module of the model may keep a table that grows as it runs. A memo is not
 * state: it answers exactly what the function would, and the no-mutable-module-state test
 * (test/module-state.test.ts) allows module-level tables made here and nothing else.
 */

/** `f` memoized by its argument's identity (a WeakMap): for pure functions of objects that are never mutated. */
export function memoByObject<K extends object, V>(f: (k: K) => V): (k: K) => V {
  const memo = new WeakMap<K, V>();
  return (k) => {
    if (memo.has(k)) return memo.get(k) as V;
    const v = f(k);
    memo.set(k, v);
    return v;
  };
}

/** `f` memoized by a string argument: for pure functions over a small vocabulary (field selectors, names). */
export function memoByString<V>(f: (k: string) => V): (k: string) => V {
  const memo = new Map<string, V>();
  return (k) => {
    if (memo.has(k)) return memo.get(k) as V;
    const v = f(k);
    memo.set(k, v);
    return v;
  };
}
