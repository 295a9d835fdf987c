/**
 * 32-bit FNV-1a, the hash the model draws stable names, suffixes and ids from (it draws nothing at random).
 *
 * Two functions because there are two inputs. Go's hash/fnv (New32a, then Write) hashes bytes: {@link fnv32a}
 * is that function, and the pod-template-hash feeds it UTF-8 bytes as Kubernetes does. The model's own names
 * (token secrets, Events, volume suffixes, container ids, ...) hash a string's UTF-16 code units, each unit XORed in
 * whole ({@link fnv32aCodeUnits}). The two agree on ASCII text only, so neither may stand in for the other: every
 * generated name, and with it every fingerprint and pinned state count, depends on which one a place uses.
 */

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** FNV-1a 32 over bytes, continuing from `h` (Go's hash/fnv New32a + Write; New32a starts at the offset basis). */
export function fnv32a(bytes: Uint8Array, h = FNV32_OFFSET): number {
  let x = h;
  for (const b of bytes) {
    x ^= b;
    x = Math.imul(x, FNV32_PRIME) >>> 0;
  }
  return x >>> 0;
}

/**
 * FNV-1a 32 over a string's UTF-16 code units, starting from `h` (the offset basis unless given). Not Go's
 * hash/fnv for non-ASCII text (see the file comment); the model's generated names are defined by it.
 */
export function fnv32aCodeUnits(s: string, h = FNV32_OFFSET): number {
  let x = h;
  for (let i = 0; i < s.length; i++) {
    x ^= s.charCodeAt(i);
    x = Math.imul(x, FNV32_PRIME) >>> 0;
  }
  return x;
}

/** A 32-bit hash as 8 lowercase hex digits (Go's fmt "%08x"). */
export const hex32 = (h: number): string => h.toString(16).padStart(8, "0");
