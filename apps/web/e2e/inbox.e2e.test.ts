// The operator's inbox in a real browser against the built server: proposals answered with the keyboard only
// (accept, edit, reject with a quick reason, the next conversation opening after each), a reply written in the
// composer reaching a fake OpenPhone on 127.0.0.1 once and being learned, the phone-sized layout, live updates
// (a new message shown in a second browser without reload, one Slack alert from a fake on 127.0.0.1 per escalation),
// the demo loaded from the dashboard, and "this reply was wrong" on an automatic reply lowering its pattern.
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeOpenPhoneServer, FakeSlackServer } from "@playbook/core/testing";
import { callMutation, callQuery, deliverMessage, signIn } from "./dashboard-actions";
import { startOpenPhoneStage, stopOpenPhoneStage } from "./openphone-stage";
import type { PlaybookServer } from "./playbook-server";

const ADMIN_EMAIL = "admin@example.com";
const ADMIN_PASSWORD = "e2e-inbox-correct-horse-battery";
const WEBHOOK_SECRET = randomBytes(32).toString("base64");
const OPENPHONE_KEY = "op-e2e-inbox-key";
const QUESTION = "What time do you open on Sunday?";
const ANSWER = "We open at 9am on Sundays. See you then!";
const PARAPHRASES = [
  "hey when do you guys open on sundays",
  "What time are you open Sunday morning?",
  "when do you open sunday",
];
const UNMATCHED = "Do you rent left-handed clubs?";
const HAND_REPLY = "Yes, we keep two left-handed sets at the front desk.";
const SCREENSHOT_DIR = "/tmp";

let server: PlaybookServer | undefined;
let openPhone: FakeOpenPhoneServer | undefined;
let slack: FakeSlackServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
let customerNumber = 300;
const nextCustomer = () => `+1902555${String((customerNumber += 1)).padStart(4, "0")}`;

const deliver = (opts: Parameters<typeof deliverMessage>[1]) =>
  deliverMessage({ url: server!.url, secret: WEBHOOK_SECRET }, opts);

type WorkItem = { conversationId: string; reason: string; customer: { phone: string } };

/** Waits until the server's work queue holds these customers (webhooks are processed after the 200). */
async function waitForWorkQueue(customers: string[]): Promise<WorkItem[]> {
  let items: WorkItem[] = [];
  await expect
    .poll(
      async () => {
        ({ items } = await callQuery<{ items: WorkItem[] }>(
          context,
          "conversations.workQueue",
          {},
        ));
        return customers.filter((phone) => items.some((item) => item.customer.phone === phone));
      },
      { timeout: 20_000, interval: 300 },
    )
    .toEqual(customers);
  return items.filter((item) => customers.includes(item.customer.phone));
}

async function screenshotOnFailure<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await page.screenshot({ path: `${SCREENSHOT_DIR}/playbook-inbox-${name}-failure.png` });
    throw error;
  }
}

const workItems = () => page.getByTestId("work-item");
/** The proposal's review bar of this customer's conversation, once that conversation is on screen. */
const reviewBarOf = (item: WorkItem) =>
  page
    .getByTestId("conversation")
    .filter({ hasText: item.customer.phone })
    .getByTestId("review-bar");
const selected = (): Locator => page.locator('[data-testid="work-item"][aria-current="true"]');

describe("the operator's inbox", () => {
  beforeAll(async () => {
    ({ openPhone, browser, server, context, page, slack } = await startOpenPhoneStage({
      admin: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      apiKey: OPENPHONE_KEY,
      webhookSecret: WEBHOOK_SECRET,
      slack: true,
    }));
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  });

  afterAll(() => stopOpenPhoneStage({ openPhone, browser, server, slack }));

  it("learns a pattern from an operator's answer in OpenPhone, and the admin switches it on", async () => {
    // Learn an operator's reply as soon as it arrives rather than after a quiet minute.
    // Automation on and out of shadow mode, so proposals are shown to operators.
    await callMutation(context, "config.set", {
      replySettleSeconds: 0,
      enabled: true,
      shadowMode: false,
    });

    // One pattern learned from an operator's answer in OpenPhone, switched on, so paraphrases get proposals.
    const teacher = nextCustomer();
    await deliver({ direction: "inbound", customer: teacher, text: QUESTION });
    await deliver({ direction: "outbound", customer: teacher, text: ANSWER });
    let patternId: string | undefined;
    await expect
      .poll(
        async () => {
          const list = await callQuery<{ items: { id: string }[] }>(context, "patterns.list", {});
          patternId = list.items[0]?.id;
          return patternId;
        },
        { timeout: 20_000, interval: 300 },
      )
      .toBeDefined();
    await callMutation(context, "patterns.setActive", { id: patternId, active: true });
  });

  it("lets an operator answer three proposals with the keyboard only", async () => {
    const askers = PARAPHRASES.map(() => nextCustomer());
    for (const [i, text] of PARAPHRASES.entries()) {
      await deliver({ direction: "inbound", customer: askers[i]!, text });
    }
    const queue = { items: await waitForWorkQueue(askers) };
    expect(queue.items).toHaveLength(3);
    expect(queue.items.map((item) => item.reason)).not.toContain("no_match");
    const sentBefore = openPhone!.sent.length;

    await screenshotOnFailure("keyboard", async () => {
      await page.goto("/inbox");
      await expect.poll(() => workItems().count()).toBe(3);
      await page.getByTestId("inbox-count").getByText("3").waitFor();

      // j opens the first (longest waiting) conversation; a accepts its proposal and the next one opens.
      await page.keyboard.press("j");
      await reviewBarOf(queue.items[0]!).waitFor();
      expect(await selected().getAttribute("href")).toContain(queue.items[0]!.conversationId);
      await page.keyboard.press("a");
      await expect.poll(() => openPhone!.sent.length).toBe(sentBefore + 1);
      await page.waitForURL(`**/inbox/${queue.items[1]!.conversationId}`);

      // e puts the proposal in the composer; the operator changes it and Enter sends the edit.
      await reviewBarOf(queue.items[1]!).waitFor();
      await page.keyboard.press("e");
      const composer = page.getByRole("textbox", { name: "Reply" });
      await expect.poll(() => composer.inputValue()).toBe(ANSWER);
      await expect.poll(() => composer.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press("End");
      await page.keyboard.type(" Bring a friend.");
      await page.keyboard.press("Enter");
      await expect.poll(() => openPhone!.sent.length).toBe(sentBefore + 2);
      expect(openPhone!.sent.at(-1)!.content).toBe(`${ANSWER} Bring a friend.`);
      await page.waitForURL(`**/inbox/${queue.items[2]!.conversationId}`);

      // r, then 1: rejected as the wrong answer, nothing sent, and nothing is left.
      await reviewBarOf(queue.items[2]!).waitFor();
      await page.keyboard.press("r");
      await page.getByText("Why is this reply wrong?").waitFor();
      await page.keyboard.press("1");
      // The inbox moves on; the customer still has no answer, so the conversation stays, now as "Unanswered".
      await page.waitForURL("**/inbox");
      await page.locator('[data-testid="work-item"][data-reason="no_match"]').waitFor();
      expect(await workItems().count()).toBe(1);
      expect(openPhone!.sent.length).toBe(sentBefore + 2);
    });

    // The server agrees: two proposals answered, one rejected with the quick reason.
    const rejected = await callQuery<{
      decisions: { review: string | null; reviewReason: string | null }[];
    }>(context, "conversations.get", { id: queue.items[2]!.conversationId });
    expect(rejected.decisions[0]).toMatchObject({
      review: "rejected",
      reviewReason: "Wrong answer",
    });
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await page.keyboard.press("Escape");
  });

  it("sends a reply written in the composer through OpenPhone once, and learns it", async () => {
    const customer = nextCustomer();
    await deliver({ direction: "inbound", customer, text: UNMATCHED });
    const queue = { items: await waitForWorkQueue([customer]) };
    expect(queue.items[0]!.reason).toBe("no_match");
    const sentBefore = openPhone!.sent.length;

    await screenshotOnFailure("composer", async () => {
      await page.goto("/inbox?reason=no_match");
      await workItems().filter({ hasText: customer }).getByText(UNMATCHED).waitFor();
      await workItems().filter({ hasText: customer }).click();
      await page.getByRole("textbox", { name: "Reply" }).fill(HAND_REPLY);
      // A double click sends one message.
      await page.getByRole("button", { name: "Send" }).dblclick();
      await expect.poll(() => openPhone!.sent.length).toBe(sentBefore + 1);
      expect(openPhone!.sent.at(-1)).toMatchObject({ content: HAND_REPLY, to: [customer] });

      await page.goto(`/inbox/${queue.items[0]!.conversationId}`);
      const reply = page.getByTestId("message").filter({ hasText: HAND_REPLY });
      await reply.getByText("Administrator (from Playbook)").waitFor();
      await reply.getByText("Learned").waitFor();
      await page.screenshot({
        path: `${SCREENSHOT_DIR}/playbook-inbox-composer.png`,
        fullPage: true,
      });
      // The customer's conversations are one click away.
      await page.getByRole("link", { name: "All conversations with this customer" }).click();
      await page.waitForURL(`**/inbox?view=all&phone=${encodeURIComponent(customer)}`);
      await page.getByRole("button", { name: "Show every customer" }).waitFor();
      const listed = page.getByLabel("Conversations").getByRole("link");
      await listed.filter({ hasText: customer }).waitFor();
      expect(await listed.count()).toBe(1);
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(openPhone!.sent.length).toBe(sentBefore + 1);
    // Learned as a pattern of its own: the operator's words, with the customer's question.
    const patterns = await callQuery<{ items: { responseTemplate: string }[] }>(
      context,
      "patterns.list",
      {},
    );
    expect(patterns.items.map((p) => p.responseTemplate)).toContainEqual(
      expect.stringContaining("left-handed sets"),
    );
  });

  it("opens a conversation as its own view, in sight, on a 375 px screen", async () => {
    const customer = nextCustomer();
    await deliver({ direction: "inbound", customer, text: "Is the bar open late tonight?" });
    await waitForWorkQueue([customer]);
    const phone = await browser!.newContext({
      baseURL: server!.url,
      viewport: { width: 375, height: 740 },
      storageState: await context.storageState(),
    });
    const small = await phone.newPage();
    try {
      await small.goto("/inbox");
      const item = small.getByTestId("work-item").filter({ hasText: customer });
      // Scrolled down the list first, as a thumb would.
      await item.scrollIntoViewIfNeeded();
      await item.click();
      const conversation = small.getByTestId("conversation");
      await conversation.getByText("Is the bar open late tonight?").waitFor();
      const box = await conversation.boundingBox();
      expect(box!.y).toBeLessThan(740);
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(await small.evaluate(() => window.scrollY)).toBe(0);
      // The list is not drawn beside it; the way back is.
      expect(await small.getByTestId("work-item").count()).toBe(0);
      await small.getByRole("link", { name: "Back to the inbox" }).click();
      await item.waitFor();
      await small.screenshot({ path: `${SCREENSHOT_DIR}/playbook-inbox-375.png`, fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it("shows a new message in a second browser without reload, and tells Slack of an escalation once", async () => {
    const other = await browser!.newContext({
      baseURL: server!.url,
      viewport: { width: 1440, height: 900 },
      storageState: await context.storageState(),
    });
    const second = await other.newPage();
    try {
      await screenshotOnFailure("live", async () => {
        await second.goto("/inbox");
        await second.locator('[data-testid="live-status"][data-live="true"]').waitFor();
        await second.getByTestId("work-item").first().waitFor();
        const customer = nextCustomer();
        // Polling would take up to 10 s: within 2 s of the webhook's answer, only the live stream shows it.
        await deliver({
          direction: "inbound",
          customer,
          text: "I want to speak to a manager please",
        });
        const acknowledged = Date.now();
        const item = second.getByTestId("work-item").filter({ hasText: customer });
        await item.waitFor({ timeout: 2_000 });
        expect(Date.now() - acknowledged).toBeLessThan(2_000);
        expect(await item.getAttribute("data-reason")).toBe("escalation");

        // Slack hears of it once, with a link to the conversation...
        const href = await item.getAttribute("href");
        await expect.poll(() => slack!.posts.length, { timeout: 5_000 }).toBe(1);
        expect(slack!.posts[0]).toContain(`Escalated: ${customer} needs a person`);
        expect(slack!.posts[0]).toContain(`${href}|Open in Playbook>`);
        // ...and not again when alerts are checked again (a settings change makes every process look).
        await callMutation(context, "config.set", { replySettleSeconds: 0 });
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        expect(slack!.posts).toHaveLength(1);
      });
    } finally {
      await other.close();
    }
  });

  // Last: it lowers the bars for automatic replies.
  it("loads the demo from the dashboard; 'this reply was wrong' on an automatic reply lowers its pattern", async () => {
    await screenshotOnFailure("demo", async () => {
      await page.goto("/import");
      const demo = page.getByTestId("demo-card");
      await demo.getByRole("button", { name: "Load sample history" }).click();
      await demo.getByText("Demo data: 54 conversations").waitFor({ timeout: 60_000 });
      await demo.getByRole("button", { name: "Send as SMS" }).click();
      await demo.getByTestId("demo-result").getByText("It proposes").waitFor({ timeout: 20_000 });
    });

    // The demo's gift-card pattern may now answer by itself: on, automatic, and the bars within its reach.
    const found = await callQuery<{ items: { id: string; confidence: number }[] }>(
      context,
      "patterns.list",
      { search: "Gift cards are sold" },
    );
    const pattern = found.items[0]!;
    await callMutation(context, "patterns.setActive", {
      id: pattern.id,
      active: true,
      autoExecutable: true,
    });
    const allDay = { start: "00:00", end: "24:00" };
    await callMutation(context, "patterns.adjustConfidence", {
      id: pattern.id,
      confidence: 1,
      note: "trusted for the test",
    });
    await callMutation(context, "config.set", {
      enabled: true,
      shadowMode: false,
      autoMinProbability: 0.5,
      autoMinPrecision: 0.5,
      minExecutionsForAuto: 1,
      workingHours: Object.fromEntries(
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((day) => [day, allDay]),
      ),
    });
    const customer = nextCustomer();
    await deliver({ direction: "inbound", customer, text: "Do you sell gift cards?" });
    await expect
      .poll(() => openPhone!.sent.filter((m) => m.to.includes(customer)).length, {
        timeout: 20_000,
        interval: 300,
      })
      .toBe(1);
    const conversations = await callQuery<{ items: { conversation: { id: string } }[] }>(
      context,
      "conversations.list",
      { customerPhone: customer },
    );
    const before = (
      await callQuery<{ pattern: { confidence: number } }>(context, "patterns.get", {
        id: pattern.id,
      })
    ).pattern.confidence;

    await screenshotOnFailure("reply-was-wrong", async () => {
      await page.goto(`/inbox/${conversations.items[0]!.conversation.id}?view=all`);
      const sent = page
        .getByTestId("message")
        .filter({ has: page.getByText("Playbook (automatic)") });
      await sent.getByRole("button", { name: "Actions on this reply" }).click();
      await page.getByRole("menuitem", { name: "This reply was wrong…" }).click();
      const dialog = page.getByRole("dialog", { name: "This reply was wrong" });
      await dialog
        .getByRole("textbox", { name: "The right answer (optional)" })
        .fill("Gift cards are sold at the front desk only.");
      await dialog.getByRole("button", { name: "Report wrong reply" }).dblclick();
      await page.getByText(/^Reported\. Its pattern went from/).waitFor();
    });
    const after = await callQuery<{
      pattern: { confidence: number };
      confidenceHistory: { reason: string; note: string | null }[];
    }>(context, "patterns.get", { id: pattern.id });
    expect(after.pattern.confidence).toBeCloseTo(Math.max(0, before - 0.2), 5);
    expect(
      after.confidenceHistory.filter((e) => e.note?.startsWith("Reported wrong")),
    ).toHaveLength(1);

    // The demo goes in one click; the real customer's conversation stays.
    await page.goto("/import");
    await page.getByTestId("demo-card").getByRole("button", { name: "Remove demo data" }).click();
    await page.getByText(/^Demo removed: 55 made-up customers/).waitFor({ timeout: 20_000 });
    const kept = await callQuery<{ items: unknown[] }>(context, "conversations.list", {
      customerPhone: customer,
    });
    expect(kept.items).toHaveLength(1);
  });
});
