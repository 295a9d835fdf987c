/** The kubeprop command line. Exit codes: 0 ok, 1 a violation was found, 2 bad input or usage. */
import { Command, CommanderError } from "commander";
import { EXIT_BAD_INPUT } from "./errors.ts";
import { InputError } from "../properties/input-error.ts";
import { ScenarioError } from "../model/scenario/types.ts";
import { ConfigError } from "../model/config.ts";
import { registerSimulate } from "./simulate.ts";
import { registerCheck } from "./check.ts";
import { registerReplay } from "./replay.ts";
import { registerExplore } from "./explore.ts";
import { registerBugs } from "./bugs.ts";
import { registerCharts } from "./charts.ts";
import { registerServe } from "./serve.ts";
import { registerCtl } from "./ctl.ts";
import { registerRunController } from "./run-controller.ts";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("kubeprop")
    .description("Kubernetes as a pure transition system: simulate scenarios, check invariants, replay counterexamples")
    .version("0.1.0")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerCheck(program);
  registerSimulate(program);
  registerReplay(program);
  registerExplore(program);
  registerBugs(program);
  registerCharts(program);
  registerServe(program);
  registerCtl(program);
  registerRunController(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are not errors; commander already printed its one-line message for the rest.
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return EXIT_BAD_INPUT;
    }
    // Bad input found while running: a scenario's or a config's mistake (a kind, option or controller module).
    if (e instanceof InputError || e instanceof ScenarioError || e instanceof ConfigError) {
      process.stderr.write(`kubeprop: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    process.stderr.write(`kubeprop: internal error: ${(e as Error).message}\n`);
    return 70;
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
