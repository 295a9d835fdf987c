import { defineConfig } from "vitest/config";

/**
 * `npm run test:zoo`: the bug zoo's contract suites (properties/bugs/*.test.ts): every bug found by
 * `check --bug` within its budget, shrunk, reported, replayed. Minutes of checker runs, so apart from `npm test`;
 * .ci/run runs both.
 */
export default defineConfig({
  test: {
    include: ["properties/bugs/**/*.test.ts"],
    exclude: ["node_modules/**", ".stryker-tmp/**", "kubeprop-out/**"],
    testTimeout: 180_000,
    pool: "forks",
  },
});
