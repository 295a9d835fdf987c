/**
 * Small Go-semantics string helpers used by the label selector port:
 * byte-order string comparison (Go's `<` on strings / sort.Strings),
 * strconv.ParseInt(s, 10, 64). strings.TrimSpace is model/collections/go-space.ts.
 *
 * Internal to model/labels; not re-exported from index.ts.
 */

/**
 * Compares two strings the way Go compares them (`a < b`): by UTF-8 bytes,
 * which is the same as comparing by Unicode code points. JavaScript's `<`
 * compares UTF-16 code units, which differs only when a surrogate pair meets a
 * code unit in U+E000..U+FFFF; this function corrects that case.
 * Returns a negative number, zero, or a positive number.
 */
// follows Go's string comparison (runtime cmpstring), used by sort.Strings and ByKey.Less
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (D800..DFFF) encode code points >= 0x10000, which sort after U+E000..U+FFFF.
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/** True when `values` is sorted in Go byte order (sort.StringsAreSorted). */
// follows Go sort.StringsAreSorted
export function goStringsAreSorted(values: readonly string[]): boolean {
  for (let i = 1; i < values.length; i++) {
    if (compareGoStrings(values[i - 1]!, values[i]!) > 0) return false;
  }
  return true;
}

/** Returns a sorted copy (or `values` itself when already sorted), in Go byte order. */
// follows k8s.io/apimachinery/pkg/labels/selector.go (safeSort)
export function goSafeSort(values: readonly string[]): readonly string[] {
  if (goStringsAreSorted(values)) return values;
  return [...values].sort(compareGoStrings);
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * strconv.ParseInt(s, 10, 64): an optional sign followed by one or more ASCII
 * digits, within the int64 range. Returns null where Go returns an error
 * (syntax or range). Small values come back as `number`, large ones as `bigint`.
 */
// follows Go strconv.ParseInt(s, 10, 64)
export function parseGoInt64(s: string): number | bigint | null {
  const len = s.length;
  if (len === 0) return null;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 /* + */ || c0 === 45 /* - */) {
    neg = c0 === 45;
    i = 1;
    if (len === 1) return null;
  }
  const digits = len - i;
  if (digits <= 15) {
    // At most 15 digits: exact in a double.
    let v = 0;
    for (; i < len; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return null;
      v = v * 10 + d;
    }
    return neg ? 0 - v : v; // 0 - 0 is +0, so "-0" does not give -0
  }
  for (let j = i; j < len; j++) {
    const d = s.charCodeAt(j) - 48;
    if (d < 0 || d > 9) return null;
  }
  const big = BigInt(neg ? "-" + s.slice(i) : s.slice(i));
  if (big > INT64_MAX || big < INT64_MIN) return null;
  return big;
}

/** Compares two parsed int64 values (number or bigint) exactly. */
export function compareInt64(a: number | bigint, b: number | bigint): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  const x = typeof a === "bigint" ? a : BigInt(a);
  const y = typeof b === "bigint" ? b : BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
