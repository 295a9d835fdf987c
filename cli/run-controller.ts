/**
 * `kubeprop run-controller FILE [--kubeconfig FILE]`: the controller module kubeprop checks, run unchanged as a
 * plain process against a real API server (or `kubeprop serve`) with @kubernetes/client-node
 * (controller/host.ts), until interrupted. The module is loaded as a project's modules are (importModule).
 */
import type { Command } from "commander";
import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { importModule, esModuleExports } from "../properties/plugins.ts";
import { runController, ControllerDefinitionError } from "../controller/host.ts";
import { loadClientNode, MissingClientNodeError } from "../controller/client-node.ts";
import { definitionProblem } from "../controller/enqueue.ts";
import type { ControllerDefinition } from "../controller/types.ts";
import { UsageError } from "./errors.ts";

interface RunControllerCliOptions {
  kubeconfig?: string;
  workers: string;
}

/**
 * The controller a module exports (its default export, or `controller`, as the model's worker reads it), or a
 * one-line UsageError saying why there is none.
 */
export async function loadControllerModule(file: string): Promise<ControllerDefinition> {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  if (statSync(file).isDirectory()) throw new UsageError(`${file}: is a folder, not a controller module`);
  let mod: { readonly [name: string]: unknown };
  try {
    mod = esModuleExports(await importModule(file));
  } catch (e) {
    throw new UsageError(`${file}: cannot load (${String((e as Error)?.message ?? e).split("\n")[0]})`);
  }
  const def = (mod["default"] ?? mod["controller"]) as Partial<ControllerDefinition> | undefined;
  if (def === null || typeof def !== "object" || typeof def.reconcile !== "function") throw new UsageError(`${file}: exports no controller (a default export with a name, watches and a reconcile)`);
  const problem = definitionProblem(def as { name: unknown; watches: unknown });
  if (problem !== undefined) throw new UsageError(`${file}: ${problem}`);
  return def as ControllerDefinition;
}

/** The kubeconfig file: --kubeconfig, else $KUBECONFIG's first, else ~/.kube/config. */
export function kubeconfigFile(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return given ?? env["KUBECONFIG"]?.split(":").find((f) => f !== "") ?? join(homedir(), ".kube", "config");
}

/** client-node's KubeConfig loaded from the file, with a current cluster; else a one-line UsageError. */
async function loadKubeConfig(file: string) {
  if (!existsSync(file)) throw new UsageError(`--kubeconfig: ${file} does not exist`);
  const k8s = await loadClientNode();
  const kc = new k8s.KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (e) {
    throw new UsageError(`--kubeconfig: ${file} is not a readable kubeconfig (${String((e as Error)?.message ?? e).split("\n")[0]})`);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) throw new UsageError(`--kubeconfig: ${file} names no current cluster (no current-context, or its cluster has no server)`);
  return kc;
}

export function registerRunController(program: Command): void {
  program
    .command("run-controller")
    .description("run a controller module unchanged as a plain process against a real API server (or kubeprop serve), with @kubernetes/client-node, until interrupted")
    .argument("<file>", "the controller module (export default defineController({...}))")
    .option("--kubeconfig <file>", "the cluster to run against (default: $KUBECONFIG, else ~/.kube/config)")
    .option("--workers <n>", "reconciles at once (controller-runtime's MaxConcurrentReconciles)", "1")
    .action(async (file: string, o: RunControllerCliOptions) => {
      if (!/^[1-9]\d{0,2}$/.test(o.workers)) throw new UsageError(`--workers: "${o.workers}" is not a number of workers (1-999)`);
      const def = await loadControllerModule(file);
      const configFile = kubeconfigFile(o.kubeconfig);
      let running;
      try {
        const kubeConfig = await loadKubeConfig(configFile);
        const abort = new AbortController();
        const stop = () => abort.abort();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        running = await runController(def, { kubeConfig, workers: Number(o.workers), signal: abort.signal });
        process.stderr.write(`kubeprop run-controller: ${def.name} against ${kubeConfig.getCurrentCluster()!.server} (Ctrl-C stops it)\n`);
        await running.stopped;
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      } catch (e) {
        if (e instanceof MissingClientNodeError || e instanceof ControllerDefinitionError) throw new UsageError(e.message);
        throw e;
      }
      process.stderr.write(`kubeprop run-controller: stopped after ${running.counts.done} reconciles (${running.counts.failed} failed)\n`);
    });
}
