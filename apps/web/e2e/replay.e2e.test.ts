// Replay in the dashboard, in a real browser against the built server: an admin loads the sample history, starts
// a replay of it from the Replay page, waits for it to finish, sees its curve, chooses a threshold on the curve and
// applies it as the auto threshold; the setting changed and the audit log says so.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, openDashboard } from "./chromium";
import { callMutation, signIn } from "./dashboard-actions";
import { startPlaybookServer, type PlaybookServer } from "./playbook-server";

const ADMIN_EMAIL = "admin@example.com";
const ADMIN_PASSWORD = "e2e-correct-horse-battery-staple";
const SCREENSHOT_PATH = "/tmp/playbook-replay.png";

let server: PlaybookServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;

async function query<T>(path: string, input?: unknown): Promise<T> {
  const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await context.request.get(`/trpc/${path}${search}`);
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

describe("replay in the dashboard", () => {
  beforeAll(async () => {
    browser = await launchChromium();
    server = await startPlaybookServer({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    ({ context, page } = await openDashboard(browser, server.url));
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    // The sample history, through the same import as a real file: what "Replay stored history" replays.
    await callMutation(context, "demo.load", {});
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("starts a replay that finishes and shows its curve, and applies a threshold from it (audited)", async () => {
    const before = await query<{ autoMinProbability: number }>("config.get");
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Replay" })
      .click();
    await page.waitForURL("**/replay");
    await page.getByRole("button", { name: "Replay stored history" }).click();

    await expect
      .poll(() => page.getByTestId("replay-status").textContent(), { timeout: 60_000 })
      .toBe("Done");
    const curve = page.getByTestId("replay-curve");
    await curve.waitFor();
    // Both charts drew their lines.
    await expect.poll(() => curve.locator(".recharts-line-curve").count()).toBeGreaterThan(1);
    await expect.poll(() => page.getByTestId("replay-result-row").count()).toBeGreaterThan(0);

    // Five steps down from the current auto threshold.
    const slider = curve.getByRole("slider", { name: "Probability threshold" });
    await slider.focus();
    for (let i = 0; i < 5; i += 1) await slider.press("ArrowLeft");
    const chosen = Math.round((before.autoMinProbability - 0.05) * 100) / 100;
    await expect
      .poll(() => curve.getByTestId("replay-threshold-figures").textContent())
      .toContain(`At ${chosen.toFixed(2)}`);
    await curve.getByRole("button", { name: "Apply as auto threshold" }).click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: `Apply ${chosen.toFixed(2)}` })
      .click();
    await page.getByText(`Auto threshold set to ${chosen.toFixed(2)}.`).waitFor();
    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });

    const after = await query<{ autoMinProbability: number }>("config.get");
    expect(after.autoMinProbability).toBe(chosen);
    const audit = await query<{ items: { action: string }[] }>("audit.list", {
      action: "replay.apply_threshold",
    });
    expect(audit.items).toHaveLength(1);
    const settingsAudit = await query<{ items: { action: string }[] }>("audit.list", {
      action: "settings.update",
    });
    expect(settingsAudit.items.length).toBeGreaterThan(0);
  }, 120_000);
});
