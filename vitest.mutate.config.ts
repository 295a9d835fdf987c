import { defineConfig } from "vitest/config";

/**
 * The test run Stryker mutates against (`npm run mutate`): every test file in its own module graph, one project.
 * Stryker's per-test coverage maps each test to the code it ran; with module graphs shared between files
 * (vitest.config.ts) that map would mix files. The zoo's contract suites are left out, as in `npm test`.
 */
export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".stryker-tmp/**", "kubeprop-out/**", "properties/bugs/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
