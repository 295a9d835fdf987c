import { defineConfig } from "vitest/config";

/**
 * `npm run test:browser`: tests that drive Debian's Chromium (reports/*.browser.test.ts, the HTML trace viewer).
 * Apart from `npm test`, which must pass on a fresh machine where nothing but Node.js is installed; .ci/run
 * installs Chromium and runs these too.
 */
export default defineConfig({
  test: {
    include: ["**/*.browser.test.ts"],
    exclude: ["node_modules/**", ".stryker-tmp/**", "kubeprop-out/**"],
    testTimeout: 120_000,
    pool: "forks",
  },
});
