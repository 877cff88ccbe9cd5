// A smart suggestion applied in a real browser against the built server: history where six customers asked about
// gift cards this week and were answered by hand with the same reply is imported; the learned pattern is off, so
// the Overview suggests turning it on; the admin applies it, and the pattern is on and the change audited.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, openDashboard } from "./chromium";
import { callQuery, signIn } from "./dashboard-actions";
import { startPlaybookServer, type PlaybookServer } from "./playbook-server";

const ADMIN_EMAIL = "admin@example.com";
const ADMIN_PASSWORD = "e2e-correct-horse-battery-staple";
const FILE_NAME = "gift-cards-this-week.csv";
const ANSWER = "Yes, gift cards are sold at the front desk in any amount.";

/** Six customers over the last six days, each asking and answered by hand a few minutes later. */
function historyCsv(now: number): string {
  const rows = [
    "message_id,conversation_id,sent_at,direction,customer_phone,customer_name,operator,body",
  ];
  for (let n = 0; n < 6; n++) {
    const asked = new Date(now - (n + 1) * 86_400_000);
    const answered = new Date(asked.getTime() + 3 * 60_000);
    const phone = `+1902555020${n}`;
    rows.push(`q${n},c${n},${asked.toISOString()},inbound,${phone},,,Do you sell gift cards?`);
    rows.push(`a${n},c${n},${answered.toISOString()},outbound,${phone},,Alex,"${ANSWER}"`);
  }
  return `${rows.join("\n")}\n`;
}

let server: PlaybookServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
let fileDir: string | undefined;

type PatternList = { items: { id: string; isActive: boolean; responseTemplate: string }[] };
type AuditList = { items: { action: string }[] };

describe("smart suggestions in the dashboard", () => {
  beforeAll(async () => {
    fileDir = await mkdtemp(path.join(tmpdir(), "playbook-suggestions-e2e-"));
    browser = await launchChromium();
    server = await startPlaybookServer({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    ({ context, page } = await openDashboard(browser, server.url));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (fileDir) await rm(fileDir, { recursive: true, force: true });
  });

  it("suggests turning on a pattern answered by hand all week, and applies it", async () => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Import" })
      .click();
    const filePath = path.join(fileDir!, FILE_NAME);
    await writeFile(filePath, historyCsv(Date.now()));
    await page.locator('input[type="file"]').setInputFiles(filePath);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const run = page.getByRole("table", { name: "Imports" }).getByRole("row", { name: FILE_NAME });
    await run.getByText("Done", { exact: true }).waitFor({ timeout: 30_000 });

    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Overview" })
      .click();
    const card = page.getByTestId("smart-suggestions");
    await card.getByText("Nothing to suggest right now.").waitFor();
    await card.getByRole("button", { name: "Look again now" }).click();
    const suggestion = card
      .getByTestId("smart-suggestion")
      .filter({ hasText: "6 times this week" });
    await suggestion.getByText("6 hand answers from 6 customers in 7 days").waitFor();

    const patterns = await callQuery<PatternList>(context, "patterns.list", {});
    const learned = patterns.items.find((p) => p.responseTemplate.includes("gift cards are sold"));
    expect(learned).toMatchObject({ isActive: false });

    await suggestion.getByRole("button", { name: "Turn it on" }).click();
    await card.getByText("Nothing to suggest right now.").waitFor();
    const after = await callQuery<PatternList>(context, "patterns.list", {});
    expect(after.items.find((p) => p.id === learned!.id)).toMatchObject({ isActive: true });
    const audit = await callQuery<AuditList>(context, "audit.list", {});
    expect(audit.items.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["suggestion.apply", "pattern.activate"]),
    );
  });
});
