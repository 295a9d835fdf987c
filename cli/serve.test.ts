/**
 * `kubeprop serve` and `kubeprop ctl` as processes, as a user runs them: the server in one, ctl in others, the
 * kubeconfig the server writes carrying the address between them; bad flags are exit 2 with one line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { kubeprop } from "../test/cli-run.ts";

const BIN = fileURLToPath(new URL("../bin/kubeprop.js", import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), "kubeprop-serve-cli-"));

/** Starts `kubeprop serve` and resolves once it says where it listens. */
function startServer(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, output: () => out });
    });
    child.stderr!.on("data", (d) => (out += d));
    child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

const stopped = (child: ChildProcess) => new Promise<number | null>((resolve) => {
  child.on("exit", (code) => resolve(code));
  child.kill("SIGINT");
});

describe("kubeprop serve and ctl, as processes", () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    dir = tmp();
    server = await startServer(["--clock", "manual", "--scenario", "scenarios/foundation.yaml", "--kubeconfig", join(dir, "kubeconfig"), "--record", join(dir, "session.json")]);
  }, 60_000);
  afterAll(() => {
    if (server?.child.exitCode === null) server.child.kill("SIGKILL");
  });

  it("listens on loopback and says where the kubeconfig and the record are", async () => {
    for (let i = 0; i < 50 && !server.output().includes("recording to"); i++) await new Promise((r) => setTimeout(r, 100));
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.output()).toContain(`kubeconfig: ${join(dir, "kubeconfig")}`);
    expect(server.output()).toContain(`recording to ${join(dir, "session.json")}`);
  });

  it("serves the scenario's cluster: its nodes and objects (its steps are not run)", async () => {
    const ns = await fetch(`${server.url}/api/v1/namespaces/team-a`);
    expect(ns.status).toBe(200);
    const nodes = (await (await fetch(`${server.url}/api/v1/nodes`)).json()) as { items: { metadata: { name: string } }[] };
    expect(nodes.items.map((n) => n.metadata.name)).toEqual(["node-1"]);
    expect((await fetch(`${server.url}/api/v1/namespaces/team-a/configmaps/settings`)).status).toBe(404);
  });

  it("ctl finds the server through the kubeconfig: status, advance, fault, check", () => {
    const kc = ["ctl", "--kubeconfig", join(dir, "kubeconfig")];
    const st = kubeprop([...kc, "status"]);
    expect(st.code).toBe(0);
    expect(st.stdout).toMatch(/^clock manual t=0s, revision \d+, \d+ steps recorded, 0 violations seen\n$/);
    const adv = kubeprop([...kc, "advance", "90s"]);
    expect(adv.stdout).toMatch(/^advanced to t=90s \(\d+ steps\)\n$/);
    const crash = kubeprop([...kc, "fault", "crash", "node-1"]);
    expect(crash.stdout).toMatch(/^crash node-1: done/);
    const restart = kubeprop([...kc, "restart", "kube-controller-manager/replicaset"]);
    expect(restart.stdout).toMatch(/^restart kube-controller-manager\/replicaset: done/);
    const check = kubeprop([...kc, "check"]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("✓ every safety invariant holds");
  });

  it("ctl says plainly what it cannot do: exit 2, one line", () => {
    const kc = ["ctl", "--kubeconfig", join(dir, "kubeconfig")];
    const node = kubeprop([...kc, "fault", "crash", "node-9"]);
    expect(node.code).toBe(2);
    expect(node.stderr).toBe('kubeprop: faults: node: no machine named "node-9"\n');
    const dur = kubeprop([...kc, "advance", "soon"]);
    expect(dur.code).toBe(2);
    expect(dur.stderr).toMatch(/^kubeprop: advance: duration: invalid duration "soon"/);
    const away = kubeprop(["ctl", "--server", "http://127.0.0.1:1", "status"]);
    expect(away.code).toBe(2);
    expect(away.stderr).toMatch(/^kubeprop: cannot reach kubeprop serve at http:\/\/127\.0\.0\.1:1 .*\n$/);
  });

  it("on SIGINT writes the record, which replay runs with no flags", async () => {
    expect(await stopped(server.child)).toBe(0);
    expect(server.output()).toMatch(/kubeprop serve: stopped after \d+ steps; the session is in /);
    const trace = JSON.parse(readFileSync(join(dir, "session.json"), "utf8"));
    expect(trace.steps.some((a: any) => a.type === "node.crash" && a.node === "node-1")).toBe(true);
    const r = kubeprop(["replay", join(dir, "session.json")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^no violation in \d+ actions/);
  });
});

describe("kubeprop serve: bad flags and files the user has are refused before anything starts", () => {
  it.each([
    [["--port", "99999"], 'kubeprop: --port: "99999" is not a port number (0-65535; 0 picks a free port)\n'],
    [["--clock", "fast"], 'kubeprop: --clock: "fast" is not a clock mode (real or manual)\n'],
    [["--kubeconfig", "/nonexistent/dir/kc"], "kubeprop: --kubeconfig: the folder /nonexistent/dir does not exist\n"],
  ])("%j", (args, message) => {
    const r = kubeprop(["serve", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
  });

  it("never overwrites a kubeconfig or a file it did not write", () => {
    const dir = tmp();
    const mine = join(dir, "config");
    writeFileSync(mine, "apiVersion: v1\nkind: Config\ncurrent-context: prod\n");
    const r = kubeprop(["serve", "--kubeconfig", mine]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kubeprop: --kubeconfig: ${mine} exists and was not written by kubeprop serve; give another path (nothing was changed)\n`);
    expect(readFileSync(mine, "utf8")).toBe("apiVersion: v1\nkind: Config\ncurrent-context: prod\n");
    const notes = join(dir, "notes.json");
    writeFileSync(notes, "{}");
    expect(kubeprop(["serve", "--record", notes]).code).toBe(2);
    expect(readFileSync(notes, "utf8")).toBe("{}");
    expect(existsSync(join(dir, "config.tmp"))).toBe(false);
  });
});
