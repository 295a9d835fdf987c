/**
 * The logical clock. Time in the model is a number of seconds since the start of a run; nothing reads the
 * wall clock. Timestamps in API objects are rendered from it against a fixed epoch so runs are reproducible.
 */
export interface Clock {
  /** Logical seconds since the start of the run. */
  readonly now: number;
}

/** The fixed instant that logical time 0 maps to in object timestamps. */
export const EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

/** RFC 3339 timestamp (second precision, as metav1.Time marshals) of a logical time. */
export function timestamp(seconds: number): string {
  return new Date(EPOCH_MS + Math.floor(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Logical seconds of an RFC 3339 timestamp produced by {@link timestamp}. */
export function fromTimestamp(ts: string): number {
  return (Date.parse(ts) - EPOCH_MS) / 1000;
}

/** Parses a duration such as "30s", "5m", "1h30m", "250ms" or a bare number of seconds. Throws on bad input. */
export function parseDuration(text: string | number): number {
  if (typeof text === "number") {
    if (!Number.isFinite(text) || text < 0) throw new Error(`invalid duration ${text}`);
    return text;
  }
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    const n = Number(m[1]);
    total += m[2] === "ms" ? n / 1000 : m[2] === "s" ? n : m[2] === "m" ? n * 60 : n * 3600;
    pos = re.lastIndex;
  }
  if (pos !== t.length || t.length === 0) throw new Error(`invalid duration "${text}" (use e.g. 30s, 5m, 1h)`);
  return total;
}
