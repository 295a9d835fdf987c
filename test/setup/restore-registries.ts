/**
 * vitest setup file: test files share one module graph per worker (vitest.config.ts, isolate: false), so what a
 * file puts into the model's registries (a component behaviour, a world handler, an admission plug-in) is taken
 * out again when the file ends, and the next file starts from the registries as the model defines them.
 */
import { afterAll, beforeAll } from "vitest";
import { snapshotBehaviors } from "../../model/components/registry.ts";
import { snapshotWorldHandlers } from "../../model/world/handlers.ts";
import { ADMISSION_CHAIN } from "../../model/apiserver/admission/chain.ts";

let restore: (() => void)[] = [];

beforeAll(() => {
  const chain = [...ADMISSION_CHAIN];
  restore = [snapshotBehaviors(), snapshotWorldHandlers(), () => (ADMISSION_CHAIN as unknown as unknown[]).splice(0, ADMISSION_CHAIN.length, ...chain)];
});

afterAll(() => {
  for (const r of restore) r();
});
