/** `kubeprop bugs`: the bug zoo — documented Kubernetes bugs the model can switch on. */
import type { Command } from "commander";
import { BUGS } from "../properties/bugs/index.ts";

export function registerBugs(program: Command): void {
  program
    .command("bugs")
    .description("list the bug zoo: documented Kubernetes bugs that `kubeprop check --bug ID` must find")
    .option("--json", "print the list as JSON")
    .action((o: { json?: boolean }) => {
      const list = BUGS.map((b) => ({ id: b.id, title: b.title, source: b.source, component: b.component, invariant: b.invariant }));
      if (o.json) process.stdout.write(JSON.stringify(list, null, 2) + "\n");
      else for (const b of list) process.stdout.write(`${b.id.padEnd(34)} ${b.title}\n${"".padEnd(34)} ${b.source}; ${b.component}; caught by ${b.invariant}\n`);
    });
}
