// Importing message history from the dashboard, in a real browser against the built server: an admin uploads a
// CSV file with good rows and two bad ones, follows the import to its end, reads its counters and the rejected rows
// with their line numbers and reasons, and finds the pattern learned from an operator's reply in Patterns.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, openDashboard } from "./chromium";
import { startPlaybookServer, type PlaybookServer } from "./playbook-server";

const ADMIN_EMAIL = "admin@example.com";
const ADMIN_PASSWORD = "e2e-correct-horse-battery-staple";
const FILE_NAME = "front-desk-history.csv";
const QUESTION = "What time do you open on Sunday?";
const ANSWER = "We open at 9am on Sundays. See you then!";
const TEMPLATE = "We open at {{time}} on Sundays. See you then!";
const SCREENSHOT_PATH = "/tmp/playbook-history-import.png";

// Ten good rows in four conversations, three of them a customer's question and an operator's reply, and two bad
// rows: line 7 has no valid time, line 11 no valid direction (the header is line 1).
const CSV = [
  "message_id,conversation_id,sent_at,direction,customer_phone,customer_name,operator,body",
  `m01,c1,2025-03-01T10:00:00Z,inbound,+19025550101,Sam Lee,,${QUESTION}`,
  `m02,c1,2025-03-01T10:02:00Z,outbound,+19025550101,Sam Lee,Alex,${ANSWER}`,
  "m03,c1,2025-03-01T10:05:00Z,inbound,+19025550101,Sam Lee,,Great thanks",
  "m04,c2,2025-03-02T15:00:00Z,incoming,+19025550102,Jo Park,,Do you sell gift cards?",
  '"m05",c2,2025-03-02T15:03:00Z,outgoing,+19025550102,Jo Park,Alex,"Yes, gift cards are sold at the front desk, in any amount."',
  "m06,c2,yesterday,inbound,+19025550102,Jo Park,,And do they expire?",
  "m07,c3,2025-03-03T18:00:00Z,inbound,+19025550103,,,Is bay 3 free tonight at 7?",
  "m08,c3,2025-03-03T18:01:00Z,outbound,+19025550103,,Riley,Bay 3 is free at 7pm. Want me to book it?",
  "m09,c3,2025-03-03T18:04:00Z,inbound,+19025550103,,,Yes please",
  "m10,c3,2025-03-03T18:05:00Z,sideways,+19025550103,,Riley,Booked!",
  "m11,c3,2025-03-03T18:06:00Z,outbound,+19025550103,,Riley,Booked! See you at 7.",
  "m12,c4,2025-03-04T09:00:00Z,inbound,+19025550104,,,Do you have golf lessons for kids?",
  "",
].join("\n");

let server: PlaybookServer | undefined;
let browser: Browser | undefined;
let page: Page;
let fileDir: string | undefined;

const mainNavigation = () => page.getByRole("navigation", { name: "Main navigation" });
/** The number a figure of the import shows under its label, e.g. "Messages imported" → 10. */
async function figure(label: string): Promise<number | null> {
  const text = await page.getByRole("group", { name: label, exact: true }).textContent();
  const value = /^[\d,]+/.exec(text?.slice(label.length) ?? "")?.[0];
  return value === undefined ? null : Number(value.replaceAll(",", ""));
}

describe("importing message history in the dashboard", () => {
  beforeAll(async () => {
    fileDir = await mkdtemp(path.join(tmpdir(), "playbook-import-e2e-"));
    browser = await launchChromium();
    server = await startPlaybookServer({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    ({ page } = await openDashboard(browser, server.url, 1000));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (fileDir) await rm(fileDir, { recursive: true, force: true });
  });

  it("uploads a CSV file as an admin and follows the import to its end", async () => {
    await page.goto("/");
    await page.waitForURL("**/login");
    await page.getByRole("textbox", { name: "Email", exact: true }).fill(ADMIN_EMAIL);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await mainNavigation().getByRole("link", { name: "Import" }).click();
    await page.waitForURL("**/import");
    await page.getByText("No history has been imported yet.").waitFor();

    const filePath = path.join(fileDir!, FILE_NAME);
    await writeFile(filePath, CSV);
    await page.locator('input[type="file"]').setInputFiles(filePath);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText(`${FILE_NAME} was read.`).waitFor();

    // The page polls while the import runs: no reload.
    const run = page.getByRole("table", { name: "Imports" }).getByRole("row", { name: FILE_NAME });
    await run.getByText("Done", { exact: true }).waitFor({ timeout: 30_000 });
    expect(
      await page
        .getByRole("progressbar", { name: `Progress of ${FILE_NAME}` })
        .getAttribute("aria-valuenow"),
    ).toBe("100");

    await expect.poll(() => figure("Rows read")).toBe(10);
    expect(await figure("Rows rejected")).toBe(2);
    expect(await figure("Messages imported")).toBe(10);
    expect(await figure("Duplicates")).toBe(0);
    expect(await figure("Exchanges learned")).toBeGreaterThan(0);
    expect(await figure("Patterns created")).toBeGreaterThan(0);
  });

  it("lists the rejected rows with their line numbers and reasons", async () => {
    const rejected = page.getByRole("table", { name: "Rejected rows" }).locator("tbody tr");
    await expect.poll(() => rejected.count()).toBe(2);
    const [first, second] = await rejected.allInnerTexts();
    expect(first).toMatch(/^7\s/);
    expect(first).toMatch(/sent_at "yesterday" is not an ISO 8601 date-time/);
    expect(first).toContain("m06,c2,yesterday");
    expect(second).toMatch(/^11\s/);
    expect(second).toMatch(/direction "sideways"/);
    await page.getByText("2 rejected rows, all shown").waitFor();
    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
  });

  it("finds the pattern learned from the imported exchange in Patterns", async () => {
    await mainNavigation().getByRole("link", { name: "Patterns" }).click();
    await page.waitForURL("**/patterns");
    await page.getByRole("table", { name: "Patterns" }).getByText(TEMPLATE).waitFor();
  });
});
