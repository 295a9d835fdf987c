/**
 * The pod-template-hash: the label that ties a ReplicaSet (and its pods) to one pod template of a Deployment, and
 * the suffix of the ReplicaSet's name.
 *
 * Follows pkg/controller/controller_utils.go (ComputeHash), pkg/util/hash/hash.go (DeepHashObject) and
 * k8s.io/apimachinery/pkg/util/rand/rand.go (SafeEncodeString).
 *
 * Difference from Go: DeepHashObject feeds FNV-1a with go-spew's `%#v` rendering of the Go struct, which depends on
 * Go type names and field order and cannot be reproduced from JSON. Here the template is rendered as canonical JSON
 * ({@link semanticJson}: keys sorted, nulls and empty maps/lists left out). The hash values therefore differ from a
 * real cluster's, but what the controller relies on holds: equal templates give equal hashes, different templates
 * (almost always) different ones, and a collisionCount changes the hash. The rest (FNV-1a 32, the collision count
 * appended as 8 little-endian bytes, the decimal rendering encoded with SafeEncodeString) is as in Go.
 */

import { fnv32a } from "../../collections/fnv.ts";

/** apps.DefaultDeploymentUniqueLabelKey: the label a Deployment adds to its ReplicaSets' selectors and templates. */
export const DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY = "pod-template-hash";

/** rand.go alphanums: no vowels (no bad words) and no confusable characters (0/o, 1/l, 3/e, a/4). */
const SAFE_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/**
 * Encodes a string into one made of SAFE_ALPHANUMS only, byte by byte (alphanums[b % 27]), so that it can be used
 * in names without forming words. Follows rand.go (SafeEncodeString).
 */
export function safeEncodeString(s: string): string {
  let out = "";
  for (const b of new TextEncoder().encode(s)) out += SAFE_ALPHANUMS[b % SAFE_ALPHANUMS.length];
  return out;
}

/** True for values apimachinery's Semantic.DeepEqual treats as absent: nil, and empty maps and lists. */
function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.keys(v).every((k) => isEmpty((v as Record<string, unknown>)[k]));
  return false;
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (!isEmpty(x)) out[k] = canonical(x);
    }
    return out;
  }
  return v;
}

/**
 * A canonical JSON rendering: object keys sorted, nulls and empty maps/lists left out. Two values with the same
 * rendering are equal the way apiequality.Semantic.DeepEqual compares API objects (which treats nil and empty maps
 * and slices alike). It is stricter for quantities ("1" vs "1000m" differ here), which the model never mixes in one
 * template, and more lenient for empty structs versus nil pointers.
 */
export function semanticJson(v: unknown): string {
  return JSON.stringify(canonical(v)) ?? "null";
}

/**
 * The pod-template-hash of a pod template and the deployment's status.collisionCount: FNV-1a 32 over the template
 * (then the collision count as 8 little-endian bytes when set), rendered in decimal and safe-encoded.
 * Follows controller_utils.go (ComputeHash).
 */
export function computeHash(template: unknown, collisionCount?: number | null): string {
  let h = fnv32a(new TextEncoder().encode(semanticJson(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    // binary.LittleEndian.PutUint32 into an 8-byte slice: the upper four bytes stay zero.
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}
