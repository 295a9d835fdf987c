import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runCheck } from "../cli/check.ts";
import { loadPlugins } from "../properties/plugins.ts";

let browser: Browser;
let htmlFile: string;

beforeAll(async () => {
  const plugins = await loadPlugins(["test/fixtures/plugins/broken-invariant.ts"]);
  const out = mkdtempSync(join(tmpdir(), "kubeprop-html-"));
  const { files } = runCheck({ scope: ["namespaces"], out, runs: "300", invariant: ["at-most-two-configmaps"] }, plugins);
  htmlFile = files.find((f) => f.endsWith(".html"))!;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe("HTML trace viewer (headless Chromium)", () => {
  it("steps through the trace, showing each step's changes and the violation", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(htmlFile).href);
    expect(await page.textContent("#title")).toBe("Counterexample: at-most-two-configmaps");
    expect(await page.textContent("#violation")).toMatch(/namespace team-[ab] holds 3 ConfigMaps/);
    const steps = await page.$$eval("#steps li", (lis) => lis.map((l) => l.textContent));
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect(await page.textContent("#position")).toBe(`step 1 of ${steps.length}`);
    for (let i = 1; i < steps.length; i++) await page.click("#next");
    expect(await page.textContent("#position")).toBe(`step ${steps.length} of ${steps.length}`);
    expect(await page.textContent("#step-title")).toBe(steps[steps.length - 1]);
    expect(await page.textContent("#step-changes")).toContain("Invariant at-most-two-configmaps is violated after this step.");
    expect(await page.textContent("#changes")).toMatch(/created.*ConfigMap team-[ab]\/cm-/);
    // Keyboard navigation and the sequence diagram's highlighted row follow the current step.
    await page.keyboard.press("ArrowLeft");
    expect(await page.textContent("#position")).toBe(`step ${steps.length - 1} of ${steps.length}`);
    const active = await page.$$eval("#sequence .row.active", (rows) => rows.map((r) => r.getAttribute("data-step")));
    expect(active).toEqual([String(steps.length - 1)]);
    expect(errors).toEqual([]);
    expect(readFileSync(htmlFile, "utf8")).not.toMatch(/<script[^>]+src=/);
  });
});
