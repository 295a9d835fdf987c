import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".stryker-tmp/**", "kubeprop-out/**"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
