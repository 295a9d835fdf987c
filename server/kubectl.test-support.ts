/** Whether the machine's kubectl is on PATH (it comes with this machine kind; a bare machine may lack it). */
import { spawnSync } from "node:child_process";

export function kubectlAvailable(): boolean {
  const r = spawnSync("kubectl", ["version", "--client", "-o", "json"], { encoding: "utf8", timeout: 20_000 });
  return r.status === 0;
}
