/** Whether the machine's kubectl is on PATH (it comes with this machine kind; a bare machine may lack it). */
import { spawnSync } from "node:child_process";

export function kubectlAvailable(): boolean {
  const r = spawnSync("kubectl", ["version", "--client", "-o", "json"], { encoding: "utf8", timeout: 20_000 });
  return r.status === 0;
}

/**
 * Whether the kubectl tests run here: kubectl is on PATH. Where KUBEPROP_REQUIRE_KUBECTL=1 (.ci/run) its absence is
 * an error rather than a skip.
 */
export function kubectlForTests(): boolean {
  const available = kubectlAvailable();
  if (!available && process.env.KUBEPROP_REQUIRE_KUBECTL === "1") throw new Error("kubectl is not on PATH, and KUBEPROP_REQUIRE_KUBECTL=1 requires it");
  return available;
}
