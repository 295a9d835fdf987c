/** The bug zoo: every documented bug kubeprop can switch on, and a way to run code with one switched on. */
import type { Bug } from "./types.ts";

import { noCacheSyncWait } from "./no-cache-sync-wait.ts";

export const BUGS: Bug[] = [noCacheSyncWait];

export const bugById = (id: string): Bug | undefined => BUGS.find((b) => b.id === id);

/** Runs f with bug `id` switched on (null: the correct model), then switches it off again. */
export function withBug<T>(id: string | null, f: () => T): T {
  if (id === null) return f();
  const bug = bugById(id);
  if (!bug) throw new Error(`unknown bug "${id}"`);
  const off = bug.enable();
  try {
    return f();
  } finally {
    off();
  }
}

export type { Bug } from "./types.ts";
