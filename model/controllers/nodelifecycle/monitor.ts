/**
 * The periodic health pass over every node. Follows pkg/controller/nodelifecycle/node_lifecycle_controller.go
 * (monitorNodeHealth, classifyNodes, handleDisruption, setLimiterInZone).
 *
 * The pass lists nodes from the controller's cache (it tolerates small delays, as upstream says); writes go to
 * the API server with the cached resourceVersion, so a stale cache costs a 409 and a re-read of the live node.
 */
import type { KObject } from "../../objects/types.ts";
import { btreeDelete, btreeGet, btreeHas, btreeRange, btreeSet } from "../../collections/btree.ts";
import { cacheGet, cacheList } from "../../informers/cache.ts";
import { send } from "../../client.ts";
import { isStatus } from "../../apiserver/status.ts";
import { recordEvent } from "../../events/recorder.ts";
import { LEASES, NODE_LEASE_NAMESPACE, NODES, podsOnNode, type Ctx } from "./context.ts";
import type { NodeCondition, Pass } from "./memory.ts";
import { tryUpdateNodeHealth, type NodeHealthResult } from "./node-health.ts";
import { markPodsNotReady } from "./pod-conditions.ts";
import { swapLimiter } from "./rate-limited-queue.ts";
import { addPodEvictorForNewZone, markNodeAsReachable, noExecuteTaintingPass, processTaintBaseEviction } from "./tainting.ts";
import { computeZoneState, getZoneKey, isNodeExcludedFromDisruptionChecks, zoneEvictionQPS, type ZoneState } from "./zones.ts";

/** scheduler.NodeHealthUpdateRetry: attempts at updating one node's health per pass. */
export const NODE_HEALTH_UPDATE_RETRY = 5;

/** The work-queue key of the periodic pass. */
export const MONITOR_KEY = "monitor";

const nodeRef = (name: string, uid: string | undefined): KObject => ({ apiVersion: "v1", kind: "Node", metadata: { name, ...(uid ? { uid } : {}) } });

/** RecordNodeEvent: an event about a node, "Node <name> event: <message>". */
function recordNodeEvent(p: Pass, ctx: Ctx, name: string, uid: string | undefined, reason: string, message: string): void {
  p.state = recordEvent(p.state, ctx.c.id, nodeRef(name, uid), { type: "Normal", reason, message: `Node ${name} event: ${message}` }, ctx.log);
}

/** classifyNodes: listed nodes the controller does not know yet, known ones in an unseen zone, and known ones gone. */
function classifyNodes(p: Pass, nodes: readonly KObject[]): { added: KObject[]; deleted: [string, string][]; newZoneRepresentatives: KObject[] } {
  const added: KObject[] = [];
  const newZoneRepresentatives: KObject[] = [];
  for (const n of nodes) {
    if (!btreeHas(p.mem.knownNodes, n.metadata.name!)) added.push(n);
    else if (p.mem.zoneStates[getZoneKey(n)] === undefined) newZoneRepresentatives.push(n);
  }
  const deleted: [string, string][] = [];
  if (p.mem.knownNodes.size + added.length !== nodes.length) {
    const listed = new Set(nodes.map((n) => n.metadata.name!));
    for (const [name, uid] of btreeRange(p.mem.knownNodes)) if (!listed.has(name)) deleted.push([name, uid]);
  }
  return { added, deleted, newZoneRepresentatives };
}

/** The health update of one node with its retries: a failed status update re-reads the live node (PollImmediate). */
function updateNodeHealth(p: Pass, ctx: Ctx, listed: KObject): { node: KObject; result: NodeHealthResult } | undefined {
  let node = listed;
  const name = node.metadata.name!;
  for (let attempt = 0; attempt < NODE_HEALTH_UPDATE_RETRY; attempt++) {
    const saved = btreeGet(p.mem.health, name);
    const r = tryUpdateNodeHealth(
      p.state,
      {
        client: ctx.c.id,
        node,
        saved,
        lease: cacheGet(ctx.c, LEASES, `${NODE_LEASE_NAMESPACE}/${name}`),
        nodeMonitorGracePeriod: p.state.config.nodeMonitorGracePeriod,
        nodeStartupGracePeriod: ctx.options.tuning.nodeStartupGracePeriod,
      },
      ctx.log,
    );
    p.state = r.state;
    if (r.health !== saved) p.mem = { ...p.mem, health: btreeSet(p.mem.health, name, r.health) };
    if (!r.failed) return { node, result: r };
    const got = send(p.state, ctx.c.id, { verb: "get", resource: NODES, name }, ctx.log);
    // The node was probably deleted: skip it, no pods will be evicted.
    if (isStatus(got.result)) return undefined;
    node = got.result;
  }
  return undefined;
}

/**
 * monitorNodeHealth: registers new nodes and zones, updates every node's health, marks the pods of nodes that
 * just stopped being Ready as not ready, queues unhealthy nodes for NoExecute tainting, then adjusts the
 * zones' eviction rates (handleDisruption) and runs the tainting pass.
 */
export function monitorNodeHealth(p: Pass, ctx: Ctx): void {
  const nodes = cacheList(ctx.c, NODES);
  const { added, deleted, newZoneRepresentatives } = classifyNodes(p, nodes);
  for (const n of newZoneRepresentatives) addPodEvictorForNewZone(p, ctx, n);
  for (const n of added) {
    const name = n.metadata.name!;
    recordNodeEvent(p, ctx, name, n.metadata.uid, "RegisteredNode", `Registered Node ${name} in Controller`);
    p.mem = { ...p.mem, knownNodes: btreeSet(p.mem.knownNodes, name, n.metadata.uid ?? "") };
    addPodEvictorForNewZone(p, ctx, n);
    markNodeAsReachable(p, ctx, n);
  }
  for (const [name, uid] of deleted) {
    recordNodeEvent(p, ctx, name, uid, "RemovingNode", `Removing Node ${name} from Controller`);
    p.mem = { ...p.mem, knownNodes: btreeDelete(p.mem.knownNodes, name) };
  }

  const zoneToNodeConditions = new Map<string, (NodeCondition | undefined)[]>();
  for (const listed of nodes) {
    const u = updateNodeHealth(p, ctx, listed);
    if (!u) continue;
    const { node, result } = u;
    const name = node.metadata.name!;
    if (!isNodeExcludedFromDisruptionChecks(node)) {
      const z = getZoneKey(node);
      const list = zoneToNodeConditions.get(z);
      if (list) list.push(result.currentReady);
      else zoneToNodeConditions.set(z, [result.currentReady]);
    }
    if (result.currentReady) {
      processTaintBaseEviction(p, ctx, node, result.observedReady);
      const needsRetry = btreeHas(p.mem.nodesToRetry, name);
      const becameNotReady = result.currentReady.status !== "True" && result.observedReady.status === "True";
      if (becameNotReady) {
        // RecordNodeStatusChange: reported once, when the status changes.
        p.state = recordEvent(p.state, ctx.c.id, nodeRef(name, node.metadata.uid), { type: "Normal", reason: "NodeNotReady", message: `Node ${name} status is now: NodeNotReady` }, ctx.log);
      }
      if (becameNotReady || (needsRetry && result.observedReady.status !== "True")) {
        // getPodsAssignedToNode (read only when needed: upstream lists them every pass).
        const m = markPodsNotReady(p.state, ctx.c.id, podsOnNode(ctx, p.mem, name), name, ctx.log);
        p.state = m.state;
        if (!m.ok) {
          // Marked for retry: the next pass marks the pods again even though the node's status is unchanged.
          p.mem = { ...p.mem, nodesToRetry: btreeSet(p.mem.nodesToRetry, name, true) };
          continue;
        }
      }
    }
    if (btreeHas(p.mem.nodesToRetry, name)) p.mem = { ...p.mem, nodesToRetry: btreeDelete(p.mem.nodesToRetry, name) };
  }

  handleDisruption(p, ctx, zoneToNodeConditions, nodes);
  noExecuteTaintingPass(p, ctx);
}

/** setLimiterInZone. */
function setLimiterInZone(p: Pass, ctx: Ctx, zone: string, zoneSize: number, state: ZoneState): void {
  p.mem = { ...p.mem, tainters: swapLimiter(p.mem.tainters, zone, zoneEvictionQPS(state, zoneSize, ctx.options.tuning), p.state.clock.now) };
}

/**
 * handleDisruption: computes each zone's state. When every zone is fully disrupted, the controller assumes
 * the control plane lost the nodes rather than the nodes died: it removes all NoExecute taints and stops
 * tainting everywhere ("master disruption mode"); when some node comes back it resets every node's probe time
 * (a fresh grace period, since their silence was probably not theirs) and restores the zones' rates.
 * Otherwise each zone whose state changed gets its rate: a fully disrupted zone beside live ones is evicted at
 * the normal rate, a partially disrupted small zone not at all.
 */
function handleDisruption(p: Pass, ctx: Ctx, zoneToNodeConditions: Map<string, (NodeCondition | undefined)[]>, nodes: readonly KObject[]): void {
  const now = p.state.clock.now;
  const newZoneStates: Record<string, ZoneState> = {};
  let allAreFullyDisrupted = true;
  const zoneStates: Record<string, ZoneState> = { ...p.mem.zoneStates };
  for (const zone of [...zoneToNodeConditions.keys()].sort()) {
    const { state } = computeZoneState(zoneToNodeConditions.get(zone)!, ctx.options.tuning.unhealthyZoneThreshold);
    if (state !== "FullDisruption") allAreFullyDisrupted = false;
    newZoneStates[zone] = state;
    if (zoneStates[zone] === undefined) zoneStates[zone] = "Initial";
  }
  let allWasFullyDisrupted = true;
  for (const zone of Object.keys(zoneStates).sort()) {
    if (!zoneToNodeConditions.has(zone)) {
      delete zoneStates[zone];
      continue;
    }
    if (zoneStates[zone] !== "FullDisruption") {
      allWasFullyDisrupted = false;
      break;
    }
  }
  p.mem = { ...p.mem, zoneStates };
  if (!ctx.options.stopEvictionsOnFullDisruption) {
    // The variant without the rule: every zone is handled on its own, full disruption included.
    allAreFullyDisrupted = false;
    allWasFullyDisrupted = false;
  }
  const zones = () => Object.keys(p.mem.zoneStates).sort();
  if (allAreFullyDisrupted && allWasFullyDisrupted) return;
  if (allAreFullyDisrupted) {
    // Entering master disruption mode: no node is Ready anywhere.
    for (const n of nodes) markNodeAsReachable(p, ctx, n);
    for (const zone of zones()) setLimiterQPS(p, zone, 0);
    p.mem = { ...p.mem, zoneStates: Object.fromEntries(zones().map((z) => [z, "FullDisruption" as ZoneState])) };
    return;
  }
  if (allWasFullyDisrupted) {
    // Exiting master disruption mode: every node gets a fresh probe time.
    let health = p.mem.health;
    for (const n of nodes) {
      const h = btreeGet(health, n.metadata.name!);
      if (h) health = btreeSet(health, n.metadata.name!, { ...h, probeTimestamp: now, readyTransitionTimestamp: now });
    }
    p.mem = { ...p.mem, health };
    for (const zone of zones()) {
      const next = newZoneStates[zone];
      if (next === undefined) continue;
      setLimiterInZone(p, ctx, zone, zoneToNodeConditions.get(zone)?.length ?? 0, next);
      p.mem = { ...p.mem, zoneStates: { ...p.mem.zoneStates, [zone]: next } };
    }
    return;
  }
  for (const zone of zones()) {
    const next = newZoneStates[zone];
    if (next === undefined || p.mem.zoneStates[zone] === next) continue;
    setLimiterInZone(p, ctx, zone, zoneToNodeConditions.get(zone)?.length ?? 0, next);
    p.mem = { ...p.mem, zoneStates: { ...p.mem.zoneStates, [zone]: next } };
  }
}

function setLimiterQPS(p: Pass, zone: string, qps: number): void {
  p.mem = { ...p.mem, tainters: swapLimiter(p.mem.tainters, zone, qps, p.state.clock.now) };
}
