#!/usr/bin/env node
// The kubeprop command. In a source checkout (cli/main.ts is there) it runs the TypeScript CLI through tsx's
// loader, so no build step is needed and a stale dist/ is never run; an installed package runs its build.
import { existsSync } from "node:fs";

const source = new URL("../cli/main.ts", import.meta.url);
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(source.href);
} else {
  await import("../dist/cli/main.js");
}
