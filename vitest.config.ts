import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Test files that replace a module (vi.mock) run each in a fresh module graph; the rest share one per worker
 * (isolate: false), which halves `npm test`: most of a file's time was importing the model again. Sharing is
 * safe because no module keeps mutable state (test/module-state.test.ts holds model/, invariants/ and
 * properties/ to it): a cluster's kinds, options and admission plug-ins are its config, passed in.
 */
const MOCKING = ["model/controllers/namespace/phase-through-chart.test.ts", "cli/charts.test.ts"];
/** The slowest suites that run the `kubeprop` command a process per case: `npm run test:e2e` (vitest.e2e.config.ts). */
export const E2E = ["examples/webapp-operator/operator.test.ts", "cli/controller.test.ts", "cli/project.test.ts", "cli/serve.test.ts"];
// The zoo's contract suites, the browser tests and the e2e suites run apart (vitest.zoo.config.ts,
// vitest.browser.config.ts, vitest.e2e.config.ts).
const EXCLUDE = ["node_modules/**", ".stryker-tmp/**", "kubeprop-out/**", "properties/bugs/**/*.test.ts", "**/*.browser.test.ts", ...E2E];

export default defineConfig({
  // The examples import the library as a user does; in a checkout that is its sources (tsconfig.json's paths).
  resolve: { alias: [{ find: /^kubeprop$/, replacement: fileURLToPath(new URL("./index.ts", import.meta.url)) }, { find: /^kubeprop\/vitest$/, replacement: fileURLToPath(new URL("./vitest.ts", import.meta.url)) }] },
  test: {
    testTimeout: 60_000,
    pool: "forks",
    // The zoo's contract suites run apart: `npm run test:zoo` (vitest.zoo.config.ts).
    projects: [
      { extends: true, test: { name: "shared", include: ["**/*.test.ts"], exclude: [...EXCLUDE, ...MOCKING], isolate: false } },
      { extends: true, test: { name: "isolated", include: MOCKING, exclude: EXCLUDE, isolate: true } },
    ],
  },
});
