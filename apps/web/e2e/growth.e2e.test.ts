// Growth in the dashboard, in a real browser against the built server: an admin uploads a small synthetic program
// (contractors, revenue, activities), refreshes the patterns, opens a contractor's goals, ticks a checklist item
// and records an outcome; a viewer sees the same goals but cannot record an outcome, neither on the page nor by
// calling the API directly.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSyntheticGrowth, growthCsv } from "@playbook/core";
import { launchChromium, openDashboard } from "./chromium";
import { startPlaybookServer, type PlaybookServer } from "./playbook-server";

const ADMIN = { email: "admin@example.com", password: "e2e-correct-horse-battery-staple" };
const VIEWER = { email: "viewer@example.com", password: "e2e-viewer-horse-battery-staple" };
const SCREENSHOT_PATH = "/tmp/playbook-growth.png";

const program = generateSyntheticGrowth({ contractors: 400, seed: 5, noiseActivities: 0 });
// One bad revenue row, to see a rejection with its line.
const revenueCsv = `${growthCsv("revenue", program.revenue)}${program.revenue[0]!.contractor_id},not-a-date,100\n`;

/** The first contractor (by id) still under 5M who never used CRM Pro: CRM Pro is a goal for them. */
function contractorToAdvise(): string {
  const last = new Map<string, number>();
  for (const r of program.revenue) last.set(r.contractor_id, r.revenue);
  const usedCrm = new Set(
    program.activities.filter((a) => a.name === "CRM Pro").map((a) => a.contractor_id),
  );
  const [id] = [...last]
    .filter(([cid, revenue]) => revenue < 5_000_000 && !usedCrm.has(cid))
    .map(([cid]) => cid)
    .sort();
  return id!;
}

let server: PlaybookServer | undefined;
let browser: Browser | undefined;
let page: Page;
let fileDir: string | undefined;
const contractorId = contractorToAdvise();

async function signIn(user: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByRole("textbox", { name: "Email", exact: true }).fill(user.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main navigation" }).waitFor();
}

/** Calls a tRPC mutation from the page with the signed-in user's session; answers the HTTP status. */
function callMutation(procedure: string, input: unknown): Promise<number> {
  return page.evaluate(
    async ({ procedure, input }) => {
      const me = (await (await fetch("/trpc/auth.me")).json()) as {
        result: { data: { csrfToken: string } };
      };
      const response = await fetch(`/trpc/${procedure}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": me.result.data.csrfToken },
        body: JSON.stringify(input),
      });
      return response.status;
    },
    { procedure, input },
  );
}

describe("growth in the dashboard", () => {
  beforeAll(async () => {
    fileDir = await mkdtemp(path.join(tmpdir(), "playbook-growth-e2e-"));
    await writeFile(
      path.join(fileDir, "contractors.csv"),
      growthCsv("contractors", program.contractors),
    );
    await writeFile(path.join(fileDir, "revenue.csv"), revenueCsv);
    await writeFile(
      path.join(fileDir, "activities.csv"),
      growthCsv("activities", program.activities),
    );
    browser = await launchChromium();
    server = await startPlaybookServer(ADMIN);
    ({ page } = await openDashboard(browser, server.url));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (fileDir) await rm(fileDir, { recursive: true, force: true });
  });

  it("imports the three files as an admin and shows the rejected row", async () => {
    await signIn(ADMIN);
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Growth" })
      .click();
    await page.getByRole("tab", { name: "Import" }).click();
    await page.waitForURL("**/growth/import");
    await page.getByText("No growth data imported yet.").waitFor();
    // Mantine's file inputs are buttons over hidden inputs, in the card's order.
    const inputs = page.locator('input[type="file"]');
    for (const [i, kind] of ["contractors", "revenue", "activities"].entries()) {
      await inputs.nth(i).setInputFiles(path.join(fileDir!, `${kind}.csv`));
    }
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText("Imported; 1 rows rejected.").waitFor({ timeout: 60_000 });
    const run = page.getByTestId("growth-import").first();
    await run.getByText("done", { exact: true }).waitFor();
    const rejected = page.getByRole("table", { name: "Rejected rows" }).locator("tbody tr");
    await expect.poll(() => rejected.count()).toBe(1);
    expect(await rejected.first().innerText()).toMatch(/^revenue\.csv\s+\d+\s/);
  });

  it("refreshes the patterns and shows the ladder with its transitions", async () => {
    await page.getByRole("tab", { name: "Refreshes" }).click();
    await page.getByRole("button", { name: "Refresh patterns now" }).click();
    await page
      .getByText(/^Refreshed: \d+ patterns, [1-9]\d* drivers\.$/)
      .waitFor({ timeout: 60_000 });
    await page.getByTestId("growth-refresh").getByText("current").first().waitFor();
    await page.getByRole("tab", { name: "Ladder" }).click();
    await page.getByRole("link", { name: "0-5M → 5-10M" }).click();
    await page.getByRole("table", { name: "Drivers" }).getByText("CRM Pro").waitFor();
  });

  it("opens a contractor's goals, ticks a checklist item and records an outcome", async () => {
    await page.getByRole("tab", { name: "Contractors" }).click();
    await page.getByRole("textbox", { name: "Search contractors" }).fill(contractorId);
    await page
      .getByRole("table", { name: "Contractors" })
      .getByRole("link", { name: contractorId })
      .click();
    await page.waitForURL(`**/growth/contractors/${contractorId}`);
    const goal = page.getByTestId("growth-goal").filter({ hasText: "Use CRM Pro" }).first();
    await goal
      .getByText(/^Based on \d+ contractors who went from 0-5M to 5-10M: \d+% used CRM Pro first/)
      .waitFor();
    await page.getByTestId("growth-timeline").waitFor();

    const item = goal.getByRole("checkbox", { name: "Use CRM Pro", exact: true });
    expect(await item.isChecked()).toBe(false);
    // The box follows the saved goal, so it turns once the server answers.
    await item.click();
    await expect.poll(() => item.isChecked()).toBe(true);
    await page.reload();
    await expect.poll(() => item.isChecked()).toBe(true);

    await goal.getByRole("button", { name: "Record outcome" }).click();
    await goal.getByRole("textbox", { name: "Days to completion" }).fill("45");
    await goal.getByRole("textbox", { name: "What worked" }).fill("Weekly follow-ups");
    await goal.getByRole("button", { name: "Save outcome" }).click();
    await goal
      .getByTestId("goal-outcome")
      .getByText(
        /completed in 45 days, revenue impact too early to tell\. Worked: Weekly follow-ups\./,
      )
      .waitFor();
    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
  });

  it("lets a viewer read the goals but not record an outcome", async () => {
    expect(
      await callMutation("users.create", { ...VIEWER, name: "Vera Viewer", role: "viewer" }),
    ).toBe(200);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await signIn(VIEWER);
    await page.goto(`/growth/contractors/${contractorId}`);
    const goal = page.getByTestId("growth-goal").filter({ hasText: "Use CRM Pro" }).first();
    await goal.getByTestId("goal-outcome").waitFor();
    expect(await goal.getByRole("button", { name: /outcome/ }).count()).toBe(0);
    expect(
      await goal.getByRole("checkbox", { name: "Use CRM Pro", exact: true }).isDisabled(),
    ).toBe(true);
    const goalId = await page.evaluate(async (id) => {
      const answer = (await (
        await fetch(
          `/trpc/growth.advice?input=${encodeURIComponent(JSON.stringify({ contractorId: id }))}`,
        )
      ).json()) as { result: { data: { goals: { id: string; factorName: string }[] } } };
      return answer.result.data.goals.find((g) => g.factorName === "CRM Pro")!.id;
    }, contractorId);
    expect(
      await callMutation("growth.recordOutcome", {
        goalId,
        completed: false,
        revenueImpact: "negative",
      }),
    ).toBe(403);
  });
});
