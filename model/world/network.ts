/**
 * Pod and host addresses. The CNI plugin (host-local IPAM, as kubenet and the bridge plugin use) hands each new
 * sandbox an address from the node's pod CIDR: .1 is the bridge gateway, hosts .2–.254 go to sandboxes, round
 * robin from the last one given out, skipping addresses held by live sandboxes (so two live pods on a node
 * never share an IP, and a released address is not reused at once).
 */
import type { Machine } from "../state.ts";
import { btreeRange } from "../collections/btree.ts";

const FIRST_HOST = 2;
const LAST_HOST = 254;
const HOSTS = LAST_HOST - FIRST_HOST + 1;

/** "10.244.3.0/24" → "10.244.3." (the model's pod CIDRs are /24s). */
function cidrPrefix(cidr: string): string {
  const base = cidr.split("/")[0] ?? cidr;
  const parts = base.split(".");
  return `${parts.slice(0, 3).join(".")}.`;
}

/** Addresses held by live sandboxes of the machine. */
export function liveIPs(m: Machine): Set<string> {
  const used = new Set<string>();
  for (const [, rp] of btreeRange(m.pods)) if (rp.sandboxRunning && rp.ip) used.add(rp.ip);
  return used;
}

/** The next free address and the new allocation cursor, or undefined when the range is exhausted. */
export function allocatePodIP(m: Machine): { ip: string; nextIP: number } | undefined {
  const prefix = cidrPrefix(m.podCIDR);
  const used = liveIPs(m);
  const start = Math.min(Math.max(m.nextIP, FIRST_HOST), LAST_HOST);
  for (let k = 0; k < HOSTS; k++) {
    const host = FIRST_HOST + ((start - FIRST_HOST + k) % HOSTS);
    const ip = `${prefix}${host}`;
    if (!used.has(ip)) return { ip, nextIP: host === LAST_HOST ? FIRST_HOST : host + 1 };
  }
  return undefined;
}

/**
 * The node's InternalIP. Machines have no address of their own in the world, so the model derives one from the
 * machine's index (read back from its pod CIDR), the way kind numbers its node containers (172.18.0.2, ...).
 */
export function hostIPOf(m: Machine): string {
  const octets = cidrPrefix(m.podCIDR).split(".").map((x) => Number(x) || 0);
  // 10.244.<i>.0/24 for the first 256 machines; 10.<244 + i / 256>.<i % 256>.0/24 beyond, should add-node grow so.
  const index = ((octets[1] ?? 244) - 244) * 256 + (octets[2] ?? 0);
  const n = index + 2;
  return `172.18.${Math.floor(n / 256)}.${n % 256}`;
}
