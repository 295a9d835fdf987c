/**
 * `kubeprop charts [--format mermaid|dot|svg|json] [--out DIR] [--coverage FILE]`: the lifecycle state charts,
 * one file per machine under --out; without --out, the Mermaid text of every machine on stdout. --coverage reads
 * the edge counts a run recorded (invariants/lifecycles.ts EdgeCoverage as JSON, e.g. the file
 * `kubeprop check --coverage` writes) and draws them on the edges.
 */
import type { Command } from "commander";
import { CHART_FORMATS, countsFromCoverage, exportAllCharts, isChartFormat, type ChartCounts, type ChartFormat } from "../reports/charts/index.ts";
import { EXIT_OK, UsageError } from "./errors.ts";
import { readText, writeOut } from "./io.ts";

/** Options of `kubeprop charts`. */
export interface ChartsOptions {
  readonly format?: string;
  readonly out?: string;
  readonly coverage?: string;
}

function loadCounts(file: string): ChartCounts {
  const text = readText(file);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not JSON (${(e as Error).message.split("\n")[0]})`);
  }
  try {
    return countsFromCoverage(doc);
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
}

/**
 * Runs `kubeprop charts`: writes the files (returns their paths) or, without --out, returns the text for stdout.
 * Bad input throws a UsageError (one line, exit 2).
 */
export async function runCharts(opts: ChartsOptions): Promise<{ files: string[]; stdout: string }> {
  const format = opts.format ?? "mermaid";
  if (!isChartFormat(format)) throw new UsageError(`--format: unknown format "${format}" (expected one of ${CHART_FORMATS.join(", ")})`);
  if (!opts.out && format !== "mermaid") throw new UsageError(`--format ${format} needs --out DIR (without --out the Mermaid text goes to stdout)`);
  const counts = opts.coverage ? loadCounts(opts.coverage) : {};
  const docs = await exportAllCharts(format as ChartFormat, counts);
  if (opts.out) {
    const outDir = opts.out;
    return { files: docs.map((d) => writeOut(outDir, d.fileName, d.content)), stdout: "" };
  }
  return { files: [], stdout: docs.map((d) => `%% ${d.machine}\n${d.content}`).join("\n") };
}

/** Adds the `charts` command to the program. */
export function registerCharts(program: Command): void {
  program
    .command("charts")
    .description("export the lifecycle state charts (Pod, PersistentVolume, Namespace, Node Ready, Deployment rollout)")
    .option("--format <format>", `one of ${CHART_FORMATS.join(", ")}`, "mermaid")
    .option("--out <dir>", "write one file per machine under this directory (without it: Mermaid on stdout)")
    .option("--coverage <file>", "edge counts recorded by a run (JSON, as `kubeprop check --coverage` writes them), drawn on the edges as (n)")
    .action(async (opts: ChartsOptions) => {
      const r = await runCharts(opts);
      if (r.stdout) process.stdout.write(r.stdout);
      for (const f of r.files) process.stdout.write(`wrote ${f}\n`);
      process.exitCode = EXIT_OK;
    });
}
