/**
 * `kubeprop ctl`: the control API of a running `kubeprop serve` (server/control.ts) from the command line. The
 * server is found by --server, else the current cluster of --kubeconfig or $KUBECONFIG, else
 * http://127.0.0.1:8080.
 */
import type { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { EXIT_OK, EXIT_VIOLATION, UsageError } from "./errors.ts";

interface CtlOptions {
  server?: string;
  kubeconfig?: string;
}

/** The server URL of a kubeconfig's current context. */
function serverOfKubeconfig(file: string): string {
  if (!existsSync(file)) throw new UsageError(`--kubeconfig: ${file} does not exist`);
  let cfg: any;
  try {
    cfg = parseYaml(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`${file}: not a kubeconfig (${(e as Error).message.split("\n")[0]})`);
  }
  const ctx = (cfg?.contexts ?? []).find((c: any) => c?.name === cfg?.["current-context"]);
  const cluster = (cfg?.clusters ?? []).find((c: any) => c?.name === ctx?.context?.cluster);
  const server = cluster?.cluster?.server;
  if (typeof server !== "string") throw new UsageError(`${file}: current-context: no cluster server found`);
  return server;
}

function serverOf(o: CtlOptions): string {
  if (o.server) return o.server.replace(/\/+$/, "");
  const file = o.kubeconfig ?? process.env.KUBECONFIG?.split(":")[0];
  if (file) return serverOfKubeconfig(file).replace(/\/+$/, "");
  return "http://127.0.0.1:8080";
}

async function call(o: CtlOptions, method: "GET" | "POST", path: string, body?: unknown): Promise<any> {
  const url = `${serverOf(o)}/kubeprop/v1/${path}`;
  let res: Response;
  try {
    res = await fetch(url, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } } : {}), signal: AbortSignal.timeout(120_000) });
  } catch (e) {
    throw new UsageError(`cannot reach kubeprop serve at ${serverOf(o)} (${((e as Error).cause as Error | undefined)?.message ?? (e as Error).message}); is it running? (--server URL or --kubeconfig FILE)`);
  }
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${url}: answered ${res.status} with something that is not JSON; is this a kubeprop serve?`);
  }
  if (res.status >= 400) throw new UsageError(`${path}: ${json?.message ?? `HTTP ${res.status}`}`);
  return json;
}

const out = (s: string) => process.stdout.write(s + "\n");

export function registerCtl(program: Command): void {
  const ctl = program
    .command("ctl")
    .description("control a running kubeprop serve: let time pass, inject faults, check invariants")
    .option("--server <url>", "the server (default: from --kubeconfig or $KUBECONFIG, else http://127.0.0.1:8080)")
    .option("--kubeconfig <file>", "read the server from this kubeconfig");
  const parent = (): CtlOptions => ctl.opts() as CtlOptions;

  ctl
    .command("advance")
    .description("let logical time pass, timers firing at their due times (e.g. 30s, 5m)")
    .argument("<duration>")
    .action(async (duration: string) => {
      const r = await call(parent(), "POST", "advance", { duration });
      out(`advanced to t=${r.now}s (${r.steps} steps${r.quiesced ? "" : ", not quiet: the step budget ran out"})`);
    });
  ctl
    .command("fault")
    .description("inject a fault: crash|recover|partition|heal NODE, restart COMPONENT")
    .argument("<fault>", "crash, recover, partition, heal or restart")
    .argument("<target>", "a node name, or a component id (kube-controller-manager/replicaset)")
    .action(async (fault: string, target: string) => {
      const body = fault === "restart" ? { fault, component: target } : { fault, node: target };
      const r = await call(parent(), "POST", "faults", body);
      out(`${fault} ${target}: done (${r.steps} steps)`);
    });
  ctl
    .command("restart")
    .description("restart a component (its caches, queues and in-flight work are lost)")
    .argument("<component>", "e.g. kube-controller-manager/replicaset, kube-scheduler")
    .action(async (component: string) => {
      const r = await call(parent(), "POST", "faults", { fault: "restart", component });
      out(`restart ${component}: done (${r.steps} steps)`);
    });
  ctl
    .command("check")
    .description("run the invariants on the current state (exit 1 when a safety invariant is broken)")
    .action(async () => {
      const r = await call(parent(), "GET", "check");
      for (const v of r.safety) out(`✗ ${v.invariant}: ${v.message}`);
      for (const v of r.convergence) out(`… ${v.invariant} (not converged yet): ${v.message}`);
      if (r.safety.length === 0) out(`✓ every safety invariant holds${r.convergence.length === 0 ? ", and the cluster has converged" : ""}`);
      process.exitCode = r.safety.length > 0 ? EXIT_VIOLATION : EXIT_OK;
    });
  ctl
    .command("status")
    .description("the server's clock, revision, recorded steps and violations seen")
    .action(async () => {
      const r = await call(parent(), "GET", "status");
      out(`clock ${r.clock.mode} t=${r.clock.now}s, revision ${r.revision}, ${r.steps} steps recorded, ${r.violations.length} violations seen`);
    });
}
