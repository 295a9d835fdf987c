/**
 * Human-readable durations as kubectl prints ages: HumanDuration of
 * staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go, on a duration in (possibly fractional) seconds.
 * Go's int() conversions truncate toward zero; past the negative checks every value is >= 0, so floor is the same.
 */
import { EPOCH_MS } from "../../clock.ts";

export function humanDuration(seconds: number): string {
  // Allow deviation no more than 2 seconds (excluded) to tolerate clock skew: "almost now".
  const whole = Math.trunc(seconds);
  if (whole < -1) return "<invalid>";
  if (whole < 0) return "0s";
  if (whole < 60 * 2) return `${whole}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = Math.floor(seconds) % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(seconds / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    const years = Math.floor(hours / 24 / 365);
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/**
 * translateTimestampSince of pkg/printers/internalversion/printers.go: the age of an RFC 3339 timestamp at logical
 * time `now` (seconds, model/clock.ts), "<unknown>" when unset.
 */
export function translateTimestampSince(ts: string | undefined | null, now: number): string {
  if (!ts) return "<unknown>";
  const at = Date.parse(ts);
  if (Number.isNaN(at)) return "<unknown>";
  return humanDuration((EPOCH_MS + now * 1000 - at) / 1000);
}
