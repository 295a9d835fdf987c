/**
 * A range allocator: which offsets of a fixed-size range (ClusterIPs of the service CIDR, NodePorts of
 * 30000-32767, a cloud's ingress addresses) are taken, and by whom. Plays the role of
 * pkg/registry/core/service/allocator/bitmap.go (AllocationBitmap: Allocate, AllocateNext, Release, Has,
 * ForEach), persistently.
 *
 * Kubernetes picks a random free offset; the model picks the lowest free one, so runs are deterministic. It does
 * so in O(log n) without scanning: offsets below a high-water mark are either taken or listed in `freed`, and
 * offsets from the mark up are free unless a client asked for one by number (then they are in `used` and the mark
 * steps over them when it gets there).
 */
import { btreeDelete, btreeEmpty, btreeFirst, btreeGet, btreeRange, btreeSet, type BTree } from "../../collections/btree.ts";

export interface RangeAllocator {
  /** Number of offsets in the range (offsets are 0 .. size-1). */
  readonly size: number;
  /** Taken offsets (zero-padded keys, see {@link offsetKey}) to their owner (e.g. "namespace/name"). */
  readonly used: BTree<string>;
  /** Free offsets below the high-water mark. */
  readonly freed: BTree<true>;
  /** Every offset below it is in `used` or in `freed`. */
  readonly mark: number;
}

/** Why an offset could not be taken (the bitmap allocator's ErrAllocated, ErrNotInRange, ErrFull). */
export type RangeError = "allocated" | "not-in-range" | "full";

const WIDTH = 9;

/** The B-tree key of an offset: zero-padded so that key order is numeric order. */
export const offsetKey = (offset: number): string => String(offset).padStart(WIDTH, "0");

/** An empty range of `size` offsets. */
export function rangeEmpty(size: number): RangeAllocator {
  return { size, used: btreeEmpty(), freed: btreeEmpty(), mark: 0 };
}

/** The owner of an offset, or undefined when it is free. */
export const rangeOwner = (r: RangeAllocator, offset: number): string | undefined => btreeGet(r.used, offsetKey(offset));

/** Number of taken offsets. */
export const rangeCount = (r: RangeAllocator): number => r.used.size;

/** Takes a given offset (Allocate). */
export function rangeAllocate(r: RangeAllocator, offset: number, owner: string): RangeAllocator | RangeError {
  if (!Number.isInteger(offset) || offset < 0 || offset >= r.size) return "not-in-range";
  const k = offsetKey(offset);
  if (btreeGet(r.used, k) !== undefined) return "allocated";
  const freed = offset < r.mark ? btreeDelete(r.freed, k) : r.freed;
  return { ...r, used: btreeSet(r.used, k, owner), freed };
}

/** Takes the lowest free offset (AllocateNext, with a deterministic choice). */
export function rangeAllocateNext(r: RangeAllocator, owner: string): { range: RangeAllocator; offset: number } | "full" {
  const low = btreeFirst(r.freed);
  if (low) {
    const offset = Number(low[0]);
    return { range: { ...r, used: btreeSet(r.used, low[0], owner), freed: btreeDelete(r.freed, low[0]) }, offset };
  }
  // Offsets taken by number above the mark are skipped once; the mark never moves back, so this is amortized O(log n).
  let offset = r.mark;
  while (offset < r.size && btreeGet(r.used, offsetKey(offset)) !== undefined) offset++;
  if (offset >= r.size) return "full";
  return { range: { ...r, used: btreeSet(r.used, offsetKey(offset), owner), mark: offset + 1 }, offset };
}

/** Frees an offset (Release); freeing a free or out-of-range offset changes nothing. */
export function rangeRelease(r: RangeAllocator, offset: number): RangeAllocator {
  const k = offsetKey(offset);
  if (btreeGet(r.used, k) === undefined) return r;
  const freed = offset < r.mark ? btreeSet(r.freed, k, true as const) : r.freed;
  return { ...r, used: btreeDelete(r.used, k), freed };
}

/** Every taken offset with its owner, in offset order (ForEach). */
export function* rangeUsed(r: RangeAllocator): Generator<[number, string]> {
  for (const [k, owner] of btreeRange(r.used)) yield [Number(k), owner];
}
