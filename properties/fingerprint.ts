/**
 * State fingerprints: a hash of a canonical encoding, so that states with the same content count as one even
 * when their B-trees were built in different orders. Used to count distinct states and by the explorer.
 */
import { createHash } from "node:crypto";
import type { State } from "../model/state.ts";
import { btreeRange, type BTree } from "../model/collections/btree.ts";
import { revKey } from "../model/store/store.ts";
import { memoByObject } from "../model/collections/memo.ts";

function isBTree(x: unknown): x is BTree<unknown> {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const keys = Object.keys(x);
  return keys.length === 2 && "root" in x && "size" in x;
}

/** Appends a canonical JSON encoding of v to parts: object keys sorted, B-trees as sorted entry lists. */
function encode(v: unknown, parts: string[], child: (x: unknown, parts: string[]) => void = encode): void {
  if (v === null || typeof v !== "object") {
    parts.push(v === undefined ? "null" : JSON.stringify(v));
    return;
  }
  if (isBTree(v)) {
    parts.push("{");
    for (const [k, val] of btreeRange(v)) {
      parts.push(JSON.stringify(k), ":");
      child(val, parts);
      parts.push(",");
    }
    parts.push("}");
    return;
  }
  if (Array.isArray(v)) {
    parts.push("[");
    for (const x of v) {
      child(x, parts);
      parts.push(",");
    }
    parts.push("]");
    return;
  }
  parts.push("{");
  for (const k of Object.keys(v).sort()) {
    const val = (v as Record<string, unknown>)[k];
    if (val === undefined) continue;
    parts.push(JSON.stringify(k), ":");
    child(val, parts);
    parts.push(",");
  }
  parts.push("}");
}

const sha1 = (text: string): string => createHash("sha1").update(text).digest("hex").slice(0, 16);

/**
 * A value's digest: a small value is its own canonical text; a larger one "#" and 16 hex digits of SHA-1 over
 * its canonical text with its children replaced by their digests (a Merkle hash). "#" cannot start JSON, so a
 * digest never reads as a value.
 */
function digestOf(v: unknown, parts: string[]): void {
  if (v === null || typeof v !== "object") {
    parts.push(v === undefined ? "null" : JSON.stringify(v));
    return;
  }
  parts.push(digest(v));
}

/**
 * Digests of objects already seen. States share almost all of their objects with the state before (structural
 * sharing), so the explorer and the checker, which fingerprint state after state, digest each object once, and a
 * new state costs what changed in it: the new objects on the written paths, and the entry lists of the B-trees
 * that changed (B-trees are digested by their sorted entries, not their shape). Objects in a state are never
 * mutated, so a digest cannot go stale.
 */
const digest = memoByObject((v: object): string => {
  const own: string[] = [];
  encode(v, own, digestOf);
  const text = own.join("");
  return text.length > 40 ? `#${sha1(text)}` : text;
});

/** Canonical text of any value (for tests and debugging). */
export function canonicalText(v: unknown): string {
  const parts: string[] = [];
  encode(v, parts);
  return parts.join("");
}

/** The fingerprint of a state: 16 hex digits of SHA-1 over its canonical encoding, its parts by digest (digestOf). */
export function fingerprint(state: State): string {
  const parts: string[] = [];
  // Of the log, only the events some informer has not yet seen can still matter (they decide what components do
  // next); older ones are history.
  let minSeen = state.store.revision;
  for (const [, c] of btreeRange(state.components)) {
    for (const r in c.informers) {
      const inf = c.informers[r]!;
      if (inf.synced && !inf.expired && inf.revision < minSeen) minSeen = inf.revision;
    }
  }
  const pending: unknown[] = [];
  for (const [, ev] of btreeRange(state.store.log, revKey(minSeen + 1))) pending.push(ev);
  // Derived indexes (model/indexes.ts) are rebuildable from the store, so never identity: each `indexes` field
  // is dropped whole, whatever it holds.
  const { indexes: _state, ...identity } = state;
  const { indexes: _store, ...store } = state.store;
  encode({ ...identity, store: { ...store, log: pending } }, parts, digestOf);
  return sha1(parts.join(""));
}
