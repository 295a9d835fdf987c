import { defineConfig } from "vitest/config";

/**
 * `npm run test:install`: the "done when" as CI runs it: `npm pack` this checkout, `npm install` the
 * tarball in a new folder outside it (its dependencies from the registry), and check the README's quick-start
 * controller with the installed command. Needs the network, so apart from `npm test`; .ci/run runs it.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.install.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: "forks",
  },
});
