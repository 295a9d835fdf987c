/**
 * `--record FILE`: the session written as a kubeprop trace (model/scenario/trace.ts), so `kubeprop replay FILE`
 * and `kubeprop simulate FILE` run it again step for step. Written whole, to a temporary file renamed over the
 * target (a reader never sees half a trace), at most every `intervalMs` while the session changes and once more at
 * shutdown, so a session stopped at any moment loses at most the last interval.
 */
import { renameSync, writeFileSync } from "node:fs";
import { traceJson, type TraceDocument } from "../model/scenario/trace.ts";

export interface Recorder {
  /** Something changed: write soon. */
  changed(): void;
  /** Write now (at shutdown). */
  flush(): void;
}

export function recorder(file: string, trace: () => TraceDocument, intervalMs = 250): Recorder {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    timer = undefined;
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, traceJson(trace()));
    renameSync(tmp, file);
  };
  return {
    changed() {
      if (timer === undefined) {
        timer = setTimeout(write, intervalMs);
        timer.unref?.();
      }
    },
    flush() {
      if (timer !== undefined) clearTimeout(timer);
      write();
    },
  };
}
