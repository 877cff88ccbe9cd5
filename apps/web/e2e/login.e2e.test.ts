// Signing in and out of the built dashboard, served by the real server, in a real browser.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, openDashboard } from "./chromium";
import { startPlaybookServer, type PlaybookServer } from "./playbook-server";

const ADMIN_EMAIL = "admin@example.com";
const ADMIN_PASSWORD = "e2e-correct-horse-battery-staple";
const SCREENSHOT_PATH = "/tmp/playbook-overview.png";
const NAV_ITEMS = [
  "Overview",
  "Inbox",
  "Queue",
  "Patterns",
  "Playground",
  "Replay",
  "Experiments",
  "Growth",
  "Settings",
  "Status",
  "Audit",
];

let server: PlaybookServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
// What the browser reports refusing under the server's Content-Security-Policy.
const policyViolations: string[] = [];

/** What auth.me answers for this browser's cookies: the signed-in user, or null. */
async function fetchSessionUser(): Promise<{ name: string; role: string } | null> {
  const response = await context.request.get("/trpc/auth.me");
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as {
    result: { data: { user: { name: string; role: string } } | null };
  };
  return body.result.data?.user ?? null;
}

async function signIn(password: string): Promise<void> {
  // By role: the label's text also holds the required asterisk, which the accessible name leaves out.
  await page.getByRole("textbox", { name: "Email", exact: true }).fill(ADMIN_EMAIL);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const loginHeading = () => page.getByRole("heading", { name: "Sign in" });
const mainNavigation = () => page.getByRole("navigation", { name: "Main navigation" });

describe("signing in to the dashboard", () => {
  beforeAll(async () => {
    browser = await launchChromium();
    server = await startPlaybookServer({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    ({ context, page } = await openDashboard(browser, server.url, 900));
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the server's error for a wrong password and starts no session", async () => {
    await page.goto("/");
    await page.waitForURL("**/login");
    await signIn("not-the-password-at-all");

    await page.getByRole("alert").filter({ hasText: "Wrong email or password" }).waitFor();
    expect(await fetchSessionUser()).toBeNull();

    await page.reload();
    await loginHeading().waitFor();
    expect(await mainNavigation().count()).toBe(0);
  });

  it("signs in with the right password and shows the shell", async () => {
    await signIn(ADMIN_PASSWORD);

    await mainNavigation().waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    for (const label of NAV_ITEMS) {
      await mainNavigation().getByRole("link", { name: label }).waitFor();
    }

    const user = await fetchSessionUser();
    expect(user?.role).toBe("admin");
    const header = page.getByRole("banner");
    await header.getByText(user?.name ?? "(no user)", { exact: true }).waitFor();
    await header.getByText("admin", { exact: true }).waitFor();

    // The overview has loaded its data: the performance charts and the database kind.
    await page.getByRole("heading", { name: "Performance over time" }).waitFor();
    await page.getByTestId("performance-charts").waitFor();
    await page.getByText("PGlite", { exact: true }).waitFor();
    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
  });

  it("keeps the session across a reload", async () => {
    await page.reload();
    await mainNavigation().waitFor();
    await page.getByRole("banner").getByText("admin", { exact: true }).waitFor();
    expect(await loginHeading().count()).toBe(0);
  });

  it("lists the sign-in on the Audit page", async () => {
    await mainNavigation().getByRole("link", { name: "Audit" }).click();
    await page.waitForURL("**/audit");
    await page
      .getByRole("row")
      .filter({ hasText: "auth.login" })
      .filter({ hasText: ADMIN_EMAIL })
      .first()
      .waitFor();
  });

  it("signs out back to the login page", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await loginHeading().waitFor();
    expect(await fetchSessionUser()).toBeNull();

    await page.reload();
    await loginHeading().waitFor();
    expect(await mainNavigation().count()).toBe(0);
  });

  it("runs under the Content-Security-Policy without the browser refusing anything", async () => {
    const response = await page.goto("/");
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await expect
      .poll(() =>
        mainNavigation()
          .isVisible()
          .catch(() => false),
      )
      .toBe(false);
    await expect.poll(() => loginHeading().isVisible()).toBe(true);
    expect(policyViolations).toEqual([]);
  });
});
