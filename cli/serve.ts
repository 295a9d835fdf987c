/** `kubeprop serve`: the model as a Kubernetes API server that kubectl and client libraries talk to (server/). */
import type { Command } from "commander";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Scenario } from "../model/scenario/types.ts";
import { ALL_INVARIANTS } from "../invariants/index.ts";
import { KUBEPROP_KINDS } from "../controller/kinds.ts";
import { startServe } from "../server/serve.ts";
import { servedCluster } from "../server/default-cluster.ts";
import { UsageError } from "./errors.ts";
import { loadSimulation } from "./simulate.ts";
import { projectOfOptions } from "./check.ts";

export interface ServeCliOptions {
  port: string;
  address: string;
  scenario?: string;
  config?: string;
  controller?: string;
  kubeconfig?: string;
  clock: string;
  record?: string;
  strict?: boolean;
}

function port(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UsageError(`--port: "${text}" is not a port number (0-65535; 0 picks a free port)`);
  return Number(text);
}

/**
 * A file serve writes must not destroy something of the user's: it may be new, or one serve wrote before
 * (a kubeconfig naming the kubeprop cluster, a trace of a serve session).
 */
function writable(flag: string, file: string, ours: (text: string) => boolean): void {
  const dir = dirname(resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${flag}: the folder ${dir} does not exist`);
  if (!existsSync(file)) return;
  if (statSync(file).isDirectory()) throw new UsageError(`${flag}: ${file} is a folder`);
  if (!ours(readFileSync(file, "utf8"))) throw new UsageError(`${flag}: ${file} exists and was not written by kubeprop serve; give another path (nothing was changed)`);
}

const ourKubeconfig = (text: string) => /current-context: kubeprop\b/.test(text) && /name: kubeprop\b/.test(text);
const ourTrace = (text: string) => /"serve": true/.test(text);

async function servedScenario(o: ServeCliOptions): Promise<{ scenario: Scenario; origin?: Record<string, unknown>; invariants: typeof ALL_INVARIANTS }> {
  if (o.scenario) {
    const sim = await loadSimulation(o.scenario, { ...(o.config ? { config: o.config } : {}), ...(o.controller ? { controller: o.controller } : {}) });
    return { scenario: sim.scenario, invariants: [...ALL_INVARIANTS, ...(sim.project?.invariants ?? [])], ...(sim.project ? { origin: { [sim.project.from]: sim.project.file } } : {}) };
  }
  const base = servedCluster();
  const project = o.config || o.controller ? await projectOfOptions({ ...(o.config ? { config: o.config } : {}), ...(o.controller ? { controller: o.controller } : {}) }) : undefined;
  if (!project) return { scenario: base, invariants: ALL_INVARIANTS };
  return {
    scenario: { ...base, config: { ...base.config, ...project.config }, nodes: project.scope.nodes.length > 0 ? [...project.scope.nodes] : base.nodes, objects: [...project.scope.objects] },
    invariants: [...ALL_INVARIANTS, ...project.invariants],
    origin: { [project.from]: project.file },
  };
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve the model as a Kubernetes API server (kubectl, client libraries) until interrupted")
    .option("--port <n>", "port to listen on (0 picks a free one)", "8080")
    .option("--address <ip>", "address to listen on", "127.0.0.1")
    .option("--scenario <file>", "start from this scenario's cluster, nodes and objects (its steps are not run)")
    .option("--config <file>", "run your project's controllers inside the served cluster (kubeprop.config.ts)")
    .option("--controller <file>", "run one controller module inside the served cluster")
    .option("--kubeconfig <file>", "write a kubeconfig for this server here (KUBECONFIG=file kubectl ...)")
    .option("--clock <mode>", "real: logical time follows the wall clock; manual: time moves only by `kubeprop ctl advance`", "real")
    .option("--record <file>", "write the session as a replayable trace (kubeprop replay FILE)")
    .option("--strict", "answer a request that breaks a safety invariant with a 500 naming it")
    .action(async (o: ServeCliOptions) => {
      const p = port(o.port);
      if (o.clock !== "real" && o.clock !== "manual") throw new UsageError(`--clock: "${o.clock}" is not a clock mode (real or manual)`);
      if (o.kubeconfig) writable("--kubeconfig", o.kubeconfig, ourKubeconfig);
      if (o.record) writable("--record", o.record, ourTrace);
      const { scenario, origin, invariants } = await servedScenario(o);
      let served;
      try {
        served = await startServe({
          scenario,
          kinds: KUBEPROP_KINDS,
          invariants,
          clock: o.clock,
          address: o.address,
          port: p,
          strict: o.strict ?? false,
          ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}),
          ...(o.record ? { record: o.record } : {}),
          ...(origin ? { origin } : {}),
        });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === "EADDRINUSE") throw new UsageError(`--port: ${o.address}:${p} is in use (try --port 0)`);
        if (err.code === "EADDRNOTAVAIL" || err.code === "EACCES") throw new UsageError(`--address: cannot listen on ${o.address}:${p} (${err.code})`);
        throw e;
      }
      process.stdout.write(`kubeprop serve: listening on ${served.url} (clock: ${o.clock})\n`);
      if (o.kubeconfig) process.stdout.write(`kubeconfig: ${o.kubeconfig}   (KUBECONFIG=${o.kubeconfig} kubectl get pods)\n`);
      if (o.record) process.stdout.write(`recording to ${o.record}   (kubeprop replay ${o.record})\n`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          void served.close().then(() => {
            process.stdout.write(`kubeprop serve: stopped after ${served.cluster.actions.length} steps${o.record ? `; the session is in ${o.record}` : ""}\n`);
            done();
          });
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });
}
