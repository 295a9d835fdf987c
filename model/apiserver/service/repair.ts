/**
 * The allocator repair loops of kube-apiserver. Follow pkg/registry/core/service/ipallocator/controller/repair.go
 * and pkg/registry/core/service/portallocator/controller/repair.go (runOnce): list every Service, rebuild the set
 * of ClusterIPs / node ports in use, report duplicates and out-of-range values, re-take values a Service uses but
 * the allocator lost, and give back values the allocator holds but no Service uses ("leaks").
 *
 * A leak is given back only after it was seen NUM_REPAIRS_BEFORE_LEAK_CLEANUP times in a row ("to avoid races
 * between allocating an IP and using it"): the Service list is a weakly consistent read, so a value allocated for
 * a Service the list does not show yet looks leaked. Releasing it at once hands the same ClusterIP to the next
 * Service: two Services with one ClusterIP (the kubernetes#37488 class of bug), which `bugReuseOnRepair` brings
 * back for the bug zoo.
 */
import type { KObject } from "../../objects/types.ts";
import { metaNamespaceKey } from "../../objects/types.ts";
import { btreeDelete, btreeEmpty, btreeGet, btreeSet, type BTree } from "../../collections/btree.ts";
import { offsetInRange, parseIPv4, addressAt } from "./cidr.ts";
import { NODE_PORT_BASE, NODE_PORT_RANGE_TEXT, NODE_PORT_SIZE, SERVICE_CIDR, SERVICE_IP_RANGE, type ServiceAllocatorsState } from "./allocator-state.ts";
import { rangeAllocate, rangeEmpty, rangeOwner, rangeUsed, type RangeAllocator } from "./range-allocator.ts";
import { isServiceIPSet, needsClusterIP } from "./service-helpers.ts";

/** How many repair runs must see a value leaked before it is given back (repair.go). */
export const NUM_REPAIRS_BEFORE_LEAK_CLEANUP = 3;

export interface RepairOptions {
  /** Bug-zoo variant: give a leaked value back on the first sighting (no leak counter). */
  readonly bugReuseOnRepair?: boolean;
}

/** The repair loops' own memory: how many more sightings each suspected leak gets before it is given back. */
export interface RepairLeaks {
  /** By ClusterIP text. */
  readonly ips: BTree<number>;
  /** By node port number (as text). */
  readonly ports: BTree<number>;
}

export const emptyRepairLeaks = (): RepairLeaks => ({ ips: btreeEmpty(), ports: btreeEmpty() });

/** One value a Service uses: its offset in the range (undefined when outside it), its text, and who uses it. */
interface InUse {
  readonly offset: number | undefined;
  readonly text: string;
  readonly owner: string;
}

export interface RangeRepairResult {
  readonly range: RangeAllocator;
  readonly leaks: BTree<number>;
  /** What runOnce logs (HandleError), in order. */
  readonly problems: readonly string[];
}

interface RangeWords {
  /** "cluster IP" or "node port". */
  readonly noun: string;
  /** "the service CIDR 10.96.0.0/12" or "the port range 30000-32767". */
  readonly within: string;
  /** Text of an offset. */
  readonly textOf: (offset: number) => string;
}

/** runOnce on one range: the rebuilt allocator, the new leak counters and the problems found. */
function repairRange(stored: RangeAllocator, inUse: readonly InUse[], leaks: BTree<number>, words: RangeWords, opts: RepairOptions): RangeRepairResult {
  let rebuilt = rangeEmpty(stored.size);
  let counters = leaks;
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const u of inUse) {
    const r = u.offset === undefined ? "not-in-range" : rangeAllocate(rebuilt, u.offset, u.owner);
    if (r === "not-in-range") {
      problems.push(`the ${words.noun} ${u.text} for service ${u.owner} is not within ${words.within}; please recreate`);
    } else if (r === "allocated") {
      problems.push(`the ${words.noun} ${u.text} for service ${u.owner} was assigned to multiple services; please recreate`);
    } else if (typeof r === "object") {
      rebuilt = r;
      seen.add(u.offset!);
      if (rangeOwner(stored, u.offset!) === undefined) problems.push(`the ${words.noun} ${u.text} for service ${u.owner} is not allocated; repairing`);
      counters = btreeDelete(counters, u.text); // it is used, so it can't be leaked
    }
  }
  for (const [offset, owner] of rangeUsed(stored)) {
    if (seen.has(offset)) continue;
    const text = words.textOf(offset);
    const count = btreeGet(counters, text);
    if (opts.bugReuseOnRepair) {
      problems.push(`the ${words.noun} ${text} appears to have leaked: cleaning up`);
      continue;
    }
    if (count === undefined || count > 0) {
      if (count === undefined) problems.push(`the ${words.noun} ${text} may have leaked: flagging for later clean up`);
      // Pretend it is still in use until the count expires.
      counters = btreeSet(counters, text, (count ?? NUM_REPAIRS_BEFORE_LEAK_CLEANUP - 1) - 1);
      const r = rangeAllocate(rebuilt, offset, owner);
      if (typeof r === "object") rebuilt = r;
    } else {
      problems.push(`the ${words.noun} ${text} appears to have leaked: cleaning up`);
      counters = btreeDelete(counters, text);
    }
  }
  return { range: rebuilt, leaks: counters, problems };
}

function clusterIPsInUse(services: readonly KObject[]): InUse[] {
  const out: InUse[] = [];
  for (const svc of services) {
    if (!needsClusterIP(svc) || !isServiceIPSet(svc)) continue;
    const ip = parseIPv4(svc.spec.clusterIP);
    out.push({ offset: ip === undefined ? undefined : offsetInRange(SERVICE_IP_RANGE, ip), text: svc.spec.clusterIP, owner: metaNamespaceKey(svc) });
  }
  return out;
}

function nodePortsInUse(services: readonly KObject[]): InUse[] {
  const out: InUse[] = [];
  for (const svc of services) {
    // collectServiceNodePorts: each node port of a Service once (TCP and UDP of one port share it), and the
    // health-check node port.
    const ports = new Set<number>();
    for (const p of svc.spec?.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
    if (svc.spec?.healthCheckNodePort) ports.add(svc.spec.healthCheckNodePort);
    for (const np of ports) {
      const o = np - NODE_PORT_BASE;
      out.push({ offset: o >= 0 && o < NODE_PORT_SIZE ? o : undefined, text: String(np), owner: metaNamespaceKey(svc) });
    }
  }
  return out;
}

export interface RepairResult {
  readonly allocators: ServiceAllocatorsState;
  readonly leaks: RepairLeaks;
  readonly problems: readonly string[];
}

/** One run of both repair loops over a list of Services. */
export function repairServiceAllocators(a: ServiceAllocatorsState, services: readonly KObject[], leaks: RepairLeaks, opts: RepairOptions = {}): RepairResult {
  const ips = repairRange(a.clusterIPs, clusterIPsInUse(services), leaks.ips, {
    noun: "cluster IP",
    within: `the service CIDR ${SERVICE_CIDR}`,
    textOf: (o) => addressAt(SERVICE_IP_RANGE, o),
  }, opts);
  const ports = repairRange(a.nodePorts, nodePortsInUse(services), leaks.ports, {
    noun: "node port",
    within: `the port range ${NODE_PORT_RANGE_TEXT}`,
    textOf: (o) => String(NODE_PORT_BASE + o),
  }, opts);
  return { allocators: { clusterIPs: ips.range, nodePorts: ports.range }, leaks: { ips: ips.leaks, ports: ports.leaks }, problems: [...ips.problems, ...ports.problems] };
}
