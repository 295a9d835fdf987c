/** Tiny benchmark harness: run a function for a while, report operations per second. Results go to JSON. */
export interface BenchResult {
  readonly name: string;
  readonly ops: number;
  readonly seconds: number;
  readonly opsPerSecond: number;
  readonly [extra: string]: unknown;
}

/** Calls f(i) repeatedly for at least minSeconds (and at least minOps times). */
export function measure(name: string, f: (i: number) => void, opts: { minSeconds?: number; minOps?: number } = {}, extra: Record<string, unknown> = {}): BenchResult {
  const minSeconds = opts.minSeconds ?? 1;
  const minOps = opts.minOps ?? 100;
  for (let i = 0; i < Math.min(minOps, 1000); i++) f(i); // warm up
  const start = process.hrtime.bigint();
  let ops = 0;
  let elapsed = 0;
  while (elapsed < minSeconds || ops < minOps) {
    for (let j = 0; j < 100; j++) f(ops++);
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { name, ops, seconds: +elapsed.toFixed(3), opsPerSecond: Math.round(ops / elapsed), ...extra };
}

export function heapMB(): number {
  if (global.gc) global.gc();
  return +(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1);
}
