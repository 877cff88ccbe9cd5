// The admins' pattern cockpit in a real browser: the builder previews a template and saves an inactive pattern,
// a bulk activation of 500 patterns is confirmed and undone, and patterns exported from one installation are
// imported into another (twice: the second import adds nothing).
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, openDashboard } from "./chromium";
import { callMutation, callQuery, signIn } from "./dashboard-actions";
import { startPlaybookServer, type PlaybookServer } from "./playbook-server";

const ADMIN = { email: "admin@example.com", password: "e2e-correct-horse-battery-staple" };
const BULK_MARKER = "e2ebulk";
const BULK_COUNT = 500;

let browser: Browser | undefined;
let first: PlaybookServer | undefined;
let second: PlaybookServer | undefined;
let context: BrowserContext;
let page: Page;

type PatternList = { total: number; items: { id: string; isActive: boolean }[] };
type PatternDetail = { pattern: { isActive: boolean; triggerText: string; createdFrom: string } };

const totalOf = async (ctx: BrowserContext, input: Record<string, unknown>) =>
  (await callQuery<PatternList>(ctx, "patterns.list", { ...input, limit: 1 })).total;

/** 500 patterns seeded through the import (one transaction), inactive as every imported pattern is. */
function seedFile() {
  return {
    format: "playbook.patterns",
    formatVersion: 1,
    exportedAt: new Date().toISOString(),
    patterns: Array.from({ length: BULK_COUNT }, (_, i) => ({
      key: `seed-${i}`,
      type: "general",
      triggerText: `${BULK_MARKER} question ${i}`,
      triggerKeywords: [],
      responseTemplate: `answer ${i}`,
      variables: [],
      actionTemplate: null,
      tags: [],
      notes: null,
      variableDefaults: {},
      confidence: 0.5,
      version: 1,
      versions: [],
      examples: [],
    })),
  };
}

describe("the pattern cockpit", () => {
  beforeAll(async () => {
    browser = await launchChromium();
    // One at a time: two embedded databases migrating at once on a busy machine can outlast the start timeout.
    first = await startPlaybookServer(ADMIN);
    second = await startPlaybookServer(ADMIN);
    ({ context, page } = await openDashboard(browser, first.url));
    await signIn(page, ADMIN.email, ADMIN.password);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it("builds a pattern from an example with a live preview and saves it inactive", async () => {
    const question = "Can I book bay 2 for Saturday at 7pm?";
    const reply = "Hi Sam, you're booked in bay 2 on Saturday at 7pm. Thanks!";
    await page.goto(`/patterns/new?${new URLSearchParams({ question, reply }).toString()}`);
    await page.getByRole("heading", { name: "Pattern builder" }).waitFor();
    const found = page.getByTestId("found-variables");
    await found.getByText("{{bay_number}} ← 2").waitFor();
    await found.getByText("{{time}} ← 7pm").waitFor();
    const template = page.getByRole("textbox", { name: "Reply template" });
    expect(await template.inputValue()).toBe(
      "you're booked in bay {{bay_number}} on {{date}} at {{time}}.",
    );
    // The preview follows the template as it is edited.
    await template.fill("See you {{customer_name}}: bay {{bay_number}} at {{time}}.");
    const samples = page.getByTestId("preview-sample");
    await samples.filter({ hasText: "See you Jordan: bay 3 at 7:00 PM." }).waitFor();
    await samples.filter({ hasText: "See you: bay 3 at 7:00 PM." }).waitFor();
    await template.fill("See you {{customer_name}}: bay {{bay_number}}.");
    await samples.filter({ hasText: "See you Jordan: bay 3." }).waitFor();

    await page.getByRole("button", { name: "Save as inactive pattern" }).click();
    await page.waitForURL(/\/patterns\/[0-9a-f-]{36}$/);
    const id = page.url().split("/").at(-1)!;
    const detail = await callQuery<PatternDetail>(context, "patterns.get", { id });
    expect(detail.pattern).toMatchObject({ isActive: false, createdFrom: "manual" });
  });

  it("activates all 500 patterns matching a filter after a confirmation with the count, and undoes it", async () => {
    await callMutation(context, "patterns.import", seedFile());
    expect(await totalOf(context, { search: BULK_MARKER, isActive: false })).toBe(BULK_COUNT);

    await page.goto(`/patterns?q=${BULK_MARKER}`);
    await page.getByTestId("patterns-total").filter({ hasText: "500 patterns" }).waitFor();
    await page.getByRole("button", { name: "Select all 500 matching this filter" }).click();
    await page.getByTestId("bulk-count").filter({ hasText: "All 500 matching" }).waitFor();
    await page.getByRole("button", { name: "Apply…" }).click();
    await page
      .getByTestId("bulk-confirm-text")
      .filter({ hasText: "Activate on 500 patterns?" })
      .waitFor();
    let started = Date.now();
    await page.getByRole("button", { name: "Activate 500" }).click();
    await page.getByText("Activate: 500 changed, 0 already so").first().waitFor();
    const bulkMs = Date.now() - started;
    expect(await totalOf(context, { search: BULK_MARKER, isActive: true })).toBe(BULK_COUNT);

    started = Date.now();
    await page.getByRole("button", { name: "Undo" }).click();
    await page.getByText("Undone: 500 patterns restored").waitFor();
    const undoMs = Date.now() - started;
    expect(await totalOf(context, { search: BULK_MARKER, isActive: false })).toBe(BULK_COUNT);
    console.info(`browser: bulk activate 500 ${bulkMs} ms, undo ${undoMs} ms (click to message)`);
  });

  it("exports the patterns from one installation and imports them into another, once", async () => {
    await page.goto("/patterns");
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export" }).click();
    const download = await downloading;
    const file = await download.path();
    const exported = JSON.parse(await readFile(file, "utf8")) as { patterns: unknown[] };
    expect(exported.patterns).toHaveLength(BULK_COUNT + 1);

    const other = await openDashboard(browser!, second!.url);
    await signIn(other.page, ADMIN.email, ADMIN.password);
    await other.page.goto("/patterns");
    for (const expected of [
      `Imported ${BULK_COUNT + 1} new patterns (inactive); 0 were already here.`,
      `Imported 0 new patterns (inactive); ${BULK_COUNT + 1} were already here.`,
    ]) {
      const choosing = other.page.waitForEvent("filechooser");
      await other.page.getByRole("button", { name: "Import" }).click();
      await (await choosing).setFiles(file);
      await other.page.getByText(expected).waitFor();
    }
    expect(await totalOf(other.context, {})).toBe(BULK_COUNT + 1);
    expect(await totalOf(other.context, { isActive: true })).toBe(0);
    expect(await totalOf(other.context, { createdFrom: "imported" })).toBe(BULK_COUNT + 1);

    // A file that is not a pattern export is refused with the reason, and nothing is added.
    const choosing = other.page.waitForEvent("filechooser");
    await other.page.getByRole("button", { name: "Import" }).click();
    await (
      await choosing
    ).setFiles({
      name: "wrong.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify({ format: "playbook.patterns", formatVersion: 9 })),
    });
    await other.page.getByText("formatVersion").first().waitFor();
    expect(await totalOf(other.context, {})).toBe(BULK_COUNT + 1);
  });
});
