/**
 * A Secret's stringData, merged into data as the object is decoded (pkg/apis/core/v1/conversion.go,
 * Convert_v1_Secret_To_core_Secret: "StringData overwrites Data"): each key's value is stored as the base64 of its
 * UTF-8 bytes, over a data key of the same name, and stringData itself is never stored, so it is never read back.
 */
import type { KObject } from "../objects/types.ts";
import type { ResourceInfo } from "./resources.ts";

const base64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");

/** The Secret with stringData folded into data; any other object as it is. */
export function foldSecretStringData(info: ResourceInfo, obj: KObject): KObject {
  if (info.kind !== "Secret" || info.group !== "" || !("stringData" in obj)) return obj;
  const { stringData, ...rest } = obj as KObject & { stringData?: unknown; data?: Record<string, string> };
  if (stringData === null || typeof stringData !== "object" || Array.isArray(stringData) || Object.keys(stringData).length === 0) return rest as KObject;
  const data: Record<string, string> = { ...((rest as { data?: Record<string, string> }).data ?? {}) };
  for (const [k, v] of Object.entries(stringData as Record<string, unknown>)) data[k] = base64(typeof v === "string" ? v : String(v));
  return { ...rest, data } as KObject;
}
