/**
 * IPv4 addresses and CIDR ranges as numbers, for the allocators. Follows k8s.io/utils/net (ParseIPSloppy,
 * RangeSize, BigForIP/AddIPOffset) and pkg/registry/core/service/ipallocator/bitmap.go (NewAllocatorCIDRRange):
 * an IPv4 range gives out every address but the network address and the broadcast address, so offset 0 of
 * 10.96.0.0/12 is 10.96.0.1.
 */

/** The address as an unsigned 32-bit number, or undefined when `s` is not a dotted-quad IPv4 address. */
export function parseIPv4(s: unknown): number | undefined {
  if (typeof s !== "string") return undefined;
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    // ParseIPSloppy accepts leading zeros ("010"); the model reads them as decimal, as Go >= 1.17 no longer does.
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    const b = Number(p);
    if (b > 255) return undefined;
    n = n * 256 + b;
  }
  return n;
}

/** Dotted-quad text of an unsigned 32-bit address. */
export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** The addresses an allocator hands out from a CIDR: `size` addresses starting at `first`. */
export interface IPv4Range {
  /** The CIDR as configured, e.g. "10.96.0.0/12" (error messages name it). */
  readonly cidr: string;
  /** First address given out (network address + 1). */
  readonly first: number;
  /** How many addresses can be given out (2^(32-bits) - 2). */
  readonly size: number;
}

/** The allocatable range of an IPv4 CIDR (throws on a malformed one: ranges are static configuration). */
export function ipv4Range(cidr: string): IPv4Range {
  const [addr, bitsText] = cidr.split("/");
  const base = parseIPv4(addr);
  const bits = Number(bitsText);
  if (base === undefined || !Number.isInteger(bits) || bits < 1 || bits > 30) throw new Error(`bad IPv4 CIDR ${cidr}`);
  const total = 2 ** (32 - bits);
  const network = base - (base % total);
  return { cidr, first: network + 1, size: total - 2 };
}

/** The offset of an address in a range, or undefined when it is outside (network and broadcast included). */
export function offsetInRange(r: IPv4Range, ip: number): number | undefined {
  const o = ip - r.first;
  return o >= 0 && o < r.size ? o : undefined;
}

/** The address at an offset of a range. */
export const addressAt = (r: IPv4Range, offset: number): string => formatIPv4(r.first + offset);
