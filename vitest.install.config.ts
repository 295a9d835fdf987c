import { defineConfig } from "vitest/config";

/**
 * `npm run test:install`: the package as users get it, as CI runs it: `npm pack` this checkout (its prepack builds
 * dist/), unpacked beside only kubeprop's dependencies and used by plain Node and a strict tsc
 * (test/package-build.install.ts); and `npm install` of the tarball in a new folder outside it (its dependencies from
 * the registry) with the README's quick-start controller checked by the installed command
 * (test/package.install.ts). Slow (a build, an install from the network), so apart from `npm test`; .ci/run runs it.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.install.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: "forks",
  },
});
