/**
 * Deterministic uids and generated names. Kubernetes draws both at random; the model draws them from a counter
 * in the state so that the same run gives the same bytes.
 */

/** A UUID-shaped uid from a counter. */
export function uidFor(n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  return `00000000-0000-4000-8000-${hex}`;
}

// follows k8s.io/apimachinery/pkg/util/rand/rand.go (the alphabet without vowels and confusable characters)
const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
const RANDOM_LENGTH = 5;
const MAX_GENERATED_NAME_LENGTH = 63 - RANDOM_LENGTH;

/** The 5-character suffix for counter value n. */
export function suffixFor(n: number): string {
  let x = (n * 2654435761) >>> 0; // spread consecutive counters over the alphabet
  let s = "";
  for (let i = 0; i < RANDOM_LENGTH; i++) {
    s += ALPHANUMS[x % ALPHANUMS.length];
    x = Math.floor(x / ALPHANUMS.length) + i * 7919 + n;
  }
  return s;
}

/** Name for a generateName prefix (follows apiserver/pkg/storage/names/generate.go: truncate, then suffix). */
export function generateName(base: string, n: number): string {
  const b = base.length > MAX_GENERATED_NAME_LENGTH ? base.slice(0, MAX_GENERATED_NAME_LENGTH) : base;
  return b + suffixFor(n);
}
