/**
 * JSON decoding, ported from Go `Quantity.UnmarshalJSON` as driven by encoding/json's
 * `json.Unmarshal(data, &q)`.
 */
import { parseQuantity } from "./parse.ts";
import { Quantity } from "./quantity.ts";
import { goTrimSpace } from "../collections/go-space.ts";

/** JSON's insignificant whitespace, which encoding/json strips around a value. */
function trimJsonSpace(s: string): string {
  return s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");
}

/**
 * The equivalent of Go `json.Unmarshal(json, &q)` for a Quantity.
 *
 * - The text must be one valid JSON value (else a SyntaxError is thrown).
 * - `null` yields a zero quantity (Go clears the value and leaves Format unset, which
 *   serializes like DecimalExponent; here the zero has format "DecimalExponent").
 * - A JSON string has its quotes removed (escapes are not decoded: Go's UnmarshalJSON sees
 *   the raw bytes) and surrounding whitespace trimmed inside it before parsing, so `" 1"` is 1.
 * - Any other literal, such as a bare JSON number, is parsed as written: `-1` is -1.
 *
 * Parse failures throw the QuantityError of parseQuantity.
 */
export function quantityFromJSON(json: string): Quantity {
  JSON.parse(json); // validity check only, as json.Unmarshal's checkValid
  let raw = trimJsonSpace(json);
  if (raw === "null") return Quantity.fromParts(false, 0n, 0, "DecimalExponent");
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) raw = raw.slice(1, -1);
  return parseQuantity(goTrimSpace(raw));
}
