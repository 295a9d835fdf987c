/**
 * The `proxy:` scenario step: a user's GET through the API server to a node's kubelet (nodes/proxy,
 * model/apiserver/node-proxy.ts), optionally with the answer it expects: the pods the kubelet lists (by
 * namespace/name, in any order) or the Status code of a failure (500 when the node cannot be reached).
 */
import type { Action } from "../actions.ts";
import type { KObject } from "../objects/types.ts";
import { isStatus } from "../apiserver/status.ts";

/** What a `proxy` step expects of the kubelet's answer. */
export interface ProxyExpectation {
  /** The pods the kubelet lists (namespace/name), in any order. */
  readonly pods?: readonly string[];
  /** The Status code of a refused or failed request. */
  readonly code?: number;
}

/** The action of a proxy step: a user's nodes/proxy GET. */
export function proxyAction(node: string, path: string): Action {
  return { type: "api", client: "user", request: { verb: "get", resource: "nodes", name: node, subresource: "proxy", path } };
}

/** The answer described in one line: the pods listed, the body, or the Status. */
export function describeProxyAnswer(answer: unknown): string {
  if (isStatus(answer as KObject)) return `the API server answered ${(answer as { code: number }).code}: ${(answer as { message: string }).message}`;
  const body = (answer as { body?: unknown }).body;
  if (typeof body === "string") return `the kubelet answered "${body}"`;
  return `the kubelet listed [${podNames(body).join(", ")}]`;
}

const podNames = (body: unknown): string[] =>
  (((body as KObject | undefined)?.items as KObject[] | undefined) ?? []).map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();

/** Whether the answer is what the step expects. */
export function proxyAnswerMeets(answer: unknown, e: ProxyExpectation): boolean {
  const failed = isStatus(answer as KObject);
  if (e.code !== undefined) return failed && (answer as { code: number }).code === e.code;
  if (failed) return false;
  if (e.pods !== undefined) return JSON.stringify(podNames((answer as { body?: unknown }).body)) === JSON.stringify([...e.pods].sort());
  return true;
}

/** The expectation in words, for a failed step's message. */
export const describeProxyExpectation = (e: ProxyExpectation): string =>
  e.code !== undefined ? `a ${e.code}` : `the kubelet to list [${[...(e.pods ?? [])].sort().join(", ")}]`;
