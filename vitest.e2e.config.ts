import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { E2E } from "./vitest.config.ts";

/**
 * `npm run test:e2e`: the slowest suites that drive the `kubeprop` command as a user does, a process per case
 * (a user's controller project checked, explored and simulated; serve's command line). Over a minute of process
 * start-ups between them, so apart from `npm test`, which stays under five minutes; .ci/run runs both.
 */
export default defineConfig({
  resolve: { alias: [{ find: /^kubeprop$/, replacement: fileURLToPath(new URL("./index.ts", import.meta.url)) }, { find: /^kubeprop\/vitest$/, replacement: fileURLToPath(new URL("./vitest.ts", import.meta.url)) }] },
  test: {
    include: [...E2E],
    exclude: ["node_modules/**", ".stryker-tmp/**", "kubeprop-out/**"],
    testTimeout: 120_000,
    pool: "forks",
  },
});
