/**
 * Memoized pure functions: the one way a module of the model may keep a table that grows as it runs. A memo is not
 * state: it answers exactly what the function would, and the no-mutable-module-state test
 * (test/module-state.test.ts) allows module-level tables made here and nothing else.
 */

/**
 * `f` memoized by its argument's identity (a WeakMap): for pure functions of objects that are never mutated. With
 * `cacheIf`, only arguments it accepts are remembered (a frozen object), the others computed each time.
 */
export function memoByObject<K extends object, V>(f: (k: K) => V, cacheIf?: (k: K) => boolean): (k: K) => V {
  const memo = new WeakMap<K, V>();
  return (k) => {
    if (memo.has(k)) return memo.get(k) as V;
    const v = f(k);
    if (!cacheIf || cacheIf(k)) memo.set(k, v);
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

/** A value computed once, when first asked for (a constant too costly, or too early, to build as its module loads). */
export function lazy<V>(f: () => V): () => V {
  const memo = memoByString(() => f());
  return () => memo("");
}
