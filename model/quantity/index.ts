/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource), ported with exact
 * bigint arithmetic. Public entry point.
 */
export { Quantity, type QuantityBackend } from "./quantity.ts";
export {
  maxMilliQuantity,
  newDecimalQuantity,
  newMilliQuantity,
  newQuantity,
  newScaledQuantity,
  quantityPtrEqual,
} from "./quantity.ts";
export { mustParse, parseQuantity } from "./parse.ts";
export { quantityFromJSON } from "./json.ts";
export { BinarySI, DecimalExponent, DecimalSI, Scale, normalizeFormat, type Format } from "./format.ts";
export { QuantityError, SPLIT_RE_STRING, type QuantityErrorCode } from "./errors.ts";
