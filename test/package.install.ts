/**
 * In a new folder outside the repository: `npm pack` the project, `npm install` the tarball (kubeprop's
 * dependencies come from the registry), write a controller against kubeprop's API, and `npx kubeprop check
 * --controller ./my-controller.ts` finds its planted bug (exit 1, shrunk, replayable) and passes (exit 0) on the
 * fixed version. The controller is README's quick start (examples/quickstart). And `npx kubeprop serve` from the
 * installed package answers a protobuf body (its schema files are packed).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { ROOT } from "./cli-run.ts";

function run(command: string, args: readonly string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
  delete env["NODE_OPTIONS"];
  const r = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 540_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

describe("npm pack, npm install in a new folder, npx kubeprop check --controller", () => {
  let tmp = "";
  let user = "";

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), "kubeprop-install-"));
    const packed = run("npm", ["pack", "--json", "--pack-destination", tmp], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = (JSON.parse(packed.stdout.slice(packed.stdout.indexOf("\n[") + 1)) as { filename: string }[])[0]!.filename;
    user = join(tmp, "my-project");
    mkdirSync(user);
    writeFileSync(join(user, "package.json"), JSON.stringify({ name: "my-project", version: "1.0.0", private: true }, null, 2));
    const installed = run("npm", ["install", "--save-dev", join(tmp, tarball)], user);
    expect(installed.code, installed.stderr).toBe(0);
    copyFileSync(join(ROOT, "examples/quickstart/my-controller.ts"), join(user, "my-controller.ts"));
    copyFileSync(join(ROOT, "examples/quickstart/crd.yaml"), join(user, "crd.yaml"));
  });

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("finds the planted bug: exit 1, a shrunk counterexample, a trace that replays with no flags", () => {
    const r = run("npx", ["kubeprop", "check", "--controller", "./my-controller.ts"], user);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain("VIOLATION of no-orphaned-configmaps in scope webapp-config: ConfigMap default/shop outlives its WebApp");
    const shrunk = /shrunk from (\d+) to (\d+) actions/.exec(r.stdout);
    expect(shrunk).not.toBeNull();
    expect(r.stdout).toMatch(/user: create webapps\.example\.com -n default shop\n[\s\S]*user: delete webapps\.example\.com -n default shop\n/);
    const trace = /wrote (\S+counterexample\.json)/.exec(r.stdout)![1]!;
    const replay = run("npx", ["kubeprop", "replay", trace], user);
    expect(replay.stdout).toMatch(/^reproduced: no-orphaned-configmaps/);
    expect(replay.code).toBe(1);
  });

  it("passes the fixed controller (the ownerReference added): exit 0", () => {
    const source = readFileSync(join(user, "my-controller.ts"), "utf8");
    const fixed = source.replace('labels: { app: "webapp-config" } }', 'labels: { app: "webapp-config" }, ownerReferences: [{ apiVersion: "example.com/v1", kind: "WebApp", name, uid: app.metadata!.uid!, controller: true }] }');
    expect(fixed).not.toBe(source);
    writeFileSync(join(user, "my-controller.ts"), fixed);
    const r = run("npx", ["kubeprop", "check", "--controller", "./my-controller.ts"], user);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^runs: 50, .*\nno violation$/m);
  });

  it("serves the model from the installed package: kubectl's protobuf bodies decode with the packed schema", async () => {
    const child = spawn("npx", ["kubeprop", "serve", "--port", "0", "--clock", "manual"], { cwd: user, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (d) => {
          out += d;
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${out}`)));
      });
      const body = readFileSync(join(ROOT, "test/fixtures/protobuf/configmap-x.bin"));
      const r = await fetch(`${url}/api/v1/namespaces/default/configmaps`, { method: "POST", body, headers: { "Content-Type": "application/vnd.kubernetes.protobuf" } });
      expect(r.status).toBe(201);
      const made = (await r.json()) as { kind: string; metadata: { name: string } };
      expect(made.kind).toBe("ConfigMap");
      expect((await fetch(`${url}/api/v1/namespaces/default/configmaps/${made.metadata.name}`)).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
