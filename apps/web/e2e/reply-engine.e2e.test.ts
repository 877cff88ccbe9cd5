// The reply engine as an operator sees it, in a real browser against the built server: signed OpenPhone webhooks
// in, a pattern learned from an operator's reply and switched on in Patterns, a paraphrase queued and approved in
// Queue (sent to a fake OpenPhone on 127.0.0.1), and a typed message's whole trace in the Playground.
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeOpenPhoneServer } from "@playbook/core/testing";
import { callMutation as callContextMutation, deliverMessage, signIn } from "./dashboard-actions";
import { startOpenPhoneStage, stopOpenPhoneStage } from "./openphone-stage";
import type { PlaybookServer } from "./playbook-server";

const ADMIN_EMAIL = "admin@example.com";
const ADMIN_PASSWORD = "e2e-correct-horse-battery-staple";
const WEBHOOK_SECRET = randomBytes(32).toString("base64");
const OPENPHONE_KEY = "op-e2e-key";
const ASKING_CUSTOMER = "+19025550101";
const PARAPHRASING_CUSTOMER = "+19025550102";
const QUESTION = "What time do you open on Sunday?";
const ANSWER = "We open at 9am on Sundays. See you then!";
const TEMPLATE = "We open at {{time}} on Sundays. See you then!";
const PARAPHRASE = "hey when do you guys open on sundays";
const TYPED = "when do you open sunday";
const ESCALATION_WORD = "waterlogged";
const SCREENSHOT_DIR = "/tmp";

let server: PlaybookServer | undefined;
let openPhone: FakeOpenPhoneServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;

const deliver = (opts: Parameters<typeof deliverMessage>[1]) =>
  deliverMessage({ url: server!.url, secret: WEBHOOK_SECRET }, opts);
const callMutation = (path: string, input: unknown) => callContextMutation(context, path, input);

/**
 * Waits for `locator`, reloading now and then: webhooks are processed after they are acknowledged, and not every
 * page polls. Bounded, so a missing result fails the test instead of hanging it.
 */
async function waitWithReload(locator: Locator, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await locator.first().waitFor({ timeout: 1_500 });
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        await page.screenshot({ path: `${SCREENSHOT_DIR}/playbook-reply-engine-failure.png` });
        throw error;
      }
      await page.reload();
    }
  }
}

const mainNavigation = () => page.getByRole("navigation", { name: "Main navigation" });

async function openSection(label: string, path: string): Promise<void> {
  await mainNavigation().getByRole("link", { name: label }).click();
  await page.waitForURL(`**${path}`);
}

describe("the reply engine in the dashboard", () => {
  beforeAll(async () => {
    ({ openPhone, browser, server, context, page } = await startOpenPhoneStage({
      admin: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      apiKey: OPENPHONE_KEY,
      webhookSecret: WEBHOOK_SECRET,
    }));
  });

  afterAll(() => stopOpenPhoneStage({ openPhone, browser, server }));

  it("lets the admin turn automation on in Settings", async () => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);

    await openSection("Settings", "/settings");
    const enabled = page.getByRole("switch", { name: "Automation enabled" });
    const shadow = page.getByRole("switch", { name: "Shadow mode" });
    await enabled.waitFor();
    expect(await enabled.isChecked()).toBe(false);
    expect(await shadow.isChecked()).toBe(true);
    await enabled.click();
    await shadow.click();
    await page.getByRole("button", { name: "Save automation settings" }).click();
    await page.getByText("Automation settings saved.").waitFor();
    await expect.poll(() => enabled.isChecked()).toBe(true);
    expect(await shadow.isChecked()).toBe(false);
    // The connection card says the key is there, never what it is.
    const connection = page.getByRole("region", { name: "OpenPhone connection" });
    await connection.getByText("OPENPHONE_API_KEY").waitFor();
    expect(await connection.textContent()).toContain("Set");
    expect(await page.content()).not.toContain(OPENPHONE_KEY);
    // The business's own emergency word: what it escalates is checked in the Playground.
    const urgent = page.getByRole("combobox", { name: "Urgent words" });
    await urgent.fill(ESCALATION_WORD);
    await urgent.press("Enter");
    await page.getByRole("button", { name: "Save escalation words" }).click();
    await page.getByText("Escalation words saved.").waitFor();
    // Not on the form: learn an operator's reply as soon as it arrives rather than after a quiet minute.
    await callMutation("config.set", { replySettleSeconds: 0 });
  });

  it("shows a customer's question and the operator's reply in the Inbox", async () => {
    await deliver({ direction: "inbound", customer: ASKING_CUSTOMER, text: QUESTION });
    await openSection("Inbox", "/inbox");
    const conversation = page.getByRole("link").filter({ hasText: ASKING_CUSTOMER });
    await waitWithReload(conversation);
    await conversation.first().click();
    const thread = page.getByRole("main");
    await thread.getByText(QUESTION).waitFor();
    const decision = thread.getByTestId("decision").first();
    await decision.getByText("No match").waitFor();

    // The trace is folded away until asked for.
    await decision.getByRole("button", { name: "Show decision trace" }).click();
    await decision
      .getByRole("table", { name: "Decision gates" })
      .getByRole("row")
      .filter({ hasText: "system enabled" })
      .filter({ hasText: "Passed" })
      .waitFor();

    await deliver({ direction: "outbound", customer: ASKING_CUSTOMER, text: ANSWER });
    await waitWithReload(
      thread.getByTestId("message").filter({ hasText: ANSWER }).getByText("Learned"),
    );
    await page.screenshot({ path: `${SCREENSHOT_DIR}/playbook-inbox.png`, fullPage: true });
  });

  it("lists the learned pattern in Patterns, and an admin switches it on", async () => {
    await openSection("Patterns", "/patterns");
    const row = page
      .getByRole("table", { name: "Patterns" })
      .getByRole("row")
      .filter({ hasText: TEMPLATE });
    await waitWithReload(row);
    await row.getByText("Inactive").waitFor();
    await row.getByRole("link").click();

    await page.getByRole("heading", { name: "Hours pattern" }).waitFor();
    await page.getByTestId("pattern-template").getByText(TEMPLATE).waitFor();
    const active = page.getByRole("switch", { name: "Active" });
    expect(await active.isChecked()).toBe(false);
    await active.click();
    await expect.poll(() => active.isChecked()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/playbook-pattern.png`, fullPage: true });
  });

  it("shows that switch in the audit log, filtered from the URL, by the pattern's question and as a change", async () => {
    await page.goto("/audit?action=pattern.activate");
    const rows = page.getByRole("row").filter({ hasText: "pattern.activate" });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    // The pattern by its question, not its id; the change as field: before → after.
    await rows.getByText(/What time do you open on/).waitFor();
    await rows.getByText("is active").waitFor();
    await rows.getByText("false").waitFor();
    await rows.getByText("true").waitFor();
    // Other actions are filtered out, and clearing the filter brings them back.
    expect(await page.getByRole("row").filter({ hasText: "auth.login" }).count()).toBe(0);
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.getByRole("row").filter({ hasText: "auth.login" }).first().waitFor();
    expect(new URL(page.url()).search).toBe("");
  });

  it("queues the reply to a paraphrase, and approving it sends it through OpenPhone", async () => {
    await deliver({ direction: "inbound", customer: PARAPHRASING_CUSTOMER, text: PARAPHRASE });
    await openSection("Queue", "/queue");
    const item = page.getByTestId("queue-item").filter({ hasText: PARAPHRASE });
    await waitWithReload(item);
    await item.getByText(ANSWER).waitFor();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/playbook-queue.png`, fullPage: true });

    await item.getByRole("button", { name: "Approve" }).click();
    await page.getByText("Reply sent").waitFor();
    await page.getByText("Pattern confidence 0.50 → 0.65 (+0.15).").waitFor();
    await page.getByText("Nothing is waiting for approval.").waitFor();
    expect(openPhone!.sent.at(-1)).toMatchObject({ content: ANSWER, to: [PARAPHRASING_CUSTOMER] });

    // Overview counts it: one active pattern of one, and one queued decision.
    await openSection("Overview", "/");
    const numbers = page.getByTestId("engine-stats");
    await numbers.getByText("1 / 1", { exact: true }).waitFor();
    await numbers.getByText("Queue 1", { exact: true }).waitFor();
  });

  it("leads the Overview with performance charts and the pattern that saved time, and lists job runs in Status", async () => {
    const charts = page.getByTestId("performance-charts");
    await charts.waitFor();
    // recharts draws each chart as an SVG: four charts, and the LLM card's note (no OpenAI calls here).
    expect(await charts.locator(".recharts-surface").count()).toBeGreaterThanOrEqual(4);
    await charts.getByText(/No LLM calls were recorded/).waitFor();
    // The approved queued reply: judged right, 2 - 0.5 review minutes saved.
    const top = page.getByTestId("top-patterns");
    await top.getByRole("row").filter({ hasText: "1.5 min" }).waitFor();
    await page.getByText("Per week", { exact: true }).click();
    await page.getByText(/weeks start on Monday/).waitFor();
    await charts.waitFor();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/playbook-performance.png`, fullPage: true });

    // The pattern's own page: the same figures, and its confidence history as a chart with the list folded.
    await top.getByRole("link").first().click();
    await page.getByTestId("pattern-performance").getByText("1.5 min").waitFor();
    await page.getByTestId("confidence-chart").waitFor();
    await page.getByRole("button", { name: "Show the change" }).click();
    await page.getByText("Approved by an operator").waitFor();

    await openSection("Status", "/status");
    await page.getByRole("row").filter({ hasText: "heartbeat" }).first().waitFor();
  });

  it("shows the whole decision for a typed message in the Playground", async () => {
    await openSection("Playground", "/playground");
    await page.getByRole("textbox", { name: "Customer message" }).fill(TYPED);
    await page.getByRole("button", { name: "Test message" }).click();

    const result = page.getByTestId("playground-result");
    await result.getByTestId("proposed-reply").getByText(ANSWER).waitFor();
    await result.getByText("Queue", { exact: true }).waitFor();
    // Nothing was judged yet on this new install: no probability is claimed.
    await result.getByTestId("probability").getByText("not calibrated yet").waitFor();
    const gates = result.getByRole("table", { name: "Decision gates" });
    for (const gate of ["system enabled", "shadow mode", "pattern active"]) {
      await gates
        .getByRole("row")
        .filter({ hasText: gate })
        .filter({ hasText: "Passed" })
        .waitFor();
    }
    const candidates = result.getByRole("table", { name: "Match candidates" });
    await candidates.getByRole("row").filter({ hasText: TEMPLATE }).waitFor();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/playbook-playground.png`, fullPage: true });
  });

  it("escalates a message with the admin's escalation word", async () => {
    await page
      .getByRole("textbox", { name: "Customer message" })
      .fill(`${TYPED}, bay 3 is ${ESCALATION_WORD}`);
    await page.getByRole("button", { name: "Test message" }).click();
    await page.getByTestId("playground-result").getByText("Escalate", { exact: true }).waitFor();
  });

  it("sorts the patterns by a column header and keeps sort and filters in the URL", async () => {
    const other = "Are you open on public holidays?";
    await callMutation("patterns.create", {
      type: "faq",
      triggerText: other,
      responseTemplate: "Yes, from 10am to 4pm.",
    });
    await page.goto("/patterns");
    await page.getByTestId("patterns-total").getByText("2 patterns").waitFor();
    const table = page.getByRole("table", { name: "Patterns" });
    const firstRow = () => table.getByRole("row").nth(1);

    await table.getByRole("button", { name: "Sort by customer asks" }).click();
    await page.waitForURL(/sort=triggerText/);
    await firstRow().getByText(other).waitFor();
    await table.getByRole("button", { name: "Sort by customer asks" }).click();
    await page.waitForURL(/sort=triggerText&order=desc/);
    await firstRow()
      .getByText(/What time do you open on/)
      .waitFor();
    // A reload (or a shared link) shows the same order, and a filter from the URL applies.
    await page.reload();
    await firstRow()
      .getByText(/What time do you open on/)
      .waitFor();
    await page.goto("/patterns?type=faq");
    await page.getByTestId("patterns-total").getByText("1 pattern").waitFor();
    await firstRow().getByText(other).waitFor();
    // Typed words reach the URL (after a pause), and the back button takes them out of the box again.
    const search = page.getByRole("textbox", { name: "Search patterns" });
    await search.fill("Sunday");
    await page.waitForURL(/type=faq&q=Sunday/);
    await page.getByText("No patterns match.", { exact: false }).waitFor();
    await page.goBack();
    await page.waitForURL(/sort=triggerText&order=desc$/);
    await expect.poll(() => search.inputValue()).toBe("");
    await page.getByTestId("patterns-total").getByText("2 patterns").waitFor();
  });
});
