// Experiments in the dashboard, in a real browser against the built server: an admin starts an A/B test of a
// pattern's wording from the pattern's page, lands on its detail page, reads the evidence, and stops it.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, openDashboard } from "./chromium";
import { callMutation, callQuery, signIn } from "./dashboard-actions";
import { startPlaybookServer, type PlaybookServer } from "./playbook-server";

const ADMIN_EMAIL = "admin@example.com";
const ADMIN_PASSWORD = "e2e-correct-horse-battery-staple";
const TEMPLATE = "We open at 9am on Sundays.";
const NEW_WORDING = "Sunday doors open at 9am, book a bay online!";

let server: PlaybookServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;

describe("experiments in the dashboard", () => {
  beforeAll(async () => {
    browser = await launchChromium();
    server = await startPlaybookServer({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    ({ context, page } = await openDashboard(browser, server.url, 900));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("starts an experiment from a pattern's page and reads its detail page", async () => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await callMutation(context, "patterns.create", {
      type: "general",
      triggerText: "What time do you open on Sunday?",
      responseTemplate: TEMPLATE,
    });
    const patterns = await callQuery<{ items: { id: string }[] }>(context, "patterns.list", {});
    const patternId = patterns.items[0]!.id;

    await page.goto(`/patterns/${patternId}`);
    await page.getByRole("link", { name: "Test another wording" }).click();
    await page.waitForURL("**/experiments?start=*");
    const dialog = page.getByRole("dialog", { name: "Start an experiment" });
    await dialog.waitFor();
    await dialog.getByRole("textbox", { name: "Name" }).fill("Mention online booking");
    // The control is the pattern's own template, filled in.
    expect(await dialog.getByRole("textbox", { name: "Wording 1" }).inputValue()).toBe(TEMPLATE);
    await dialog.getByRole("textbox", { name: "Wording 2" }).fill(NEW_WORDING);
    await dialog.getByRole("button", { name: "Start" }).click();

    await page.waitForURL(/\/experiments\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Mention online booking" }).waitFor();
    const evidence = page.getByTestId("experiment-evidence");
    await evidence.getByText(NEW_WORDING).waitFor();
    expect(await evidence.getByRole("row").count()).toBe(3);
    await page.getByText("No measured replies yet").waitFor();
    await page.getByText(/always-valid p-value/).waitFor();

    // The list shows it running; the admin stops it from its page.
    await page.goto("/experiments");
    const row = page
      .getByTestId("experiments-table")
      .getByRole("row", { name: /Mention online booking/ });
    await row.getByText("running").waitFor();
    await row.getByRole("link", { name: "Mention online booking" }).click();
    await page.getByRole("button", { name: "Stop" }).click();
    await page.getByText("stopped", { exact: true }).waitFor();
    const list = await callQuery<{ status: string }[]>(context, "experiments.list", {});
    expect(list.map((e) => e.status)).toEqual(["stopped"]);
  });
});
