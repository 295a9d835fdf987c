/** Test support: a Kubernetes protobuf body made with protobufjs from the vendored descriptors. */
import { kubernetesSchema } from "./schema.ts";
import { PROTOBUF_MAGIC } from "./decode.ts";

/** `k8s\x00` + runtime.Unknown {typeMeta, raw: <message encoded from `object`>}. */
export function encodeBody(apiVersion: string, kind: string, message: string, object: Record<string, unknown>): Uint8Array {
  const root = kubernetesSchema();
  const type = root.lookupType(message);
  const raw = type.encode(type.fromObject(object)).finish();
  return withEnvelope(apiVersion, kind, raw);
}

export function withEnvelope(apiVersion: string, kind: string, raw: Uint8Array, contentEncoding = ""): Uint8Array {
  const unknown = kubernetesSchema().lookupType("k8s.io.apimachinery.pkg.runtime.Unknown");
  const envelope = unknown.encode(unknown.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding, contentType: "" })).finish();
  return Buffer.concat([PROTOBUF_MAGIC, envelope]);
}
