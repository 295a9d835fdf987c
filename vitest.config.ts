import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    // The zoo's contract suites run apart: `npm run test:zoo` (vitest.zoo.config.ts).
    exclude: ["node_modules/**", ".stryker-tmp/**", "kubeprop-out/**", "properties/bugs/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
