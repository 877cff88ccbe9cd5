// Trying Playbook without OpenPhone: load the made-up history through the history import, send a test customer
// message through the webhook's own storing and processing, and remove all of it in one action. Demo customers
// are flagged (customers.is_demo); everything of theirs goes with them, and nothing of a real customer's.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@playbook/db";
import { customers, decisions, imports, messages } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { conflict } from "../errors";
import { importHistoryFile, type ImportRow } from "../history/import-runner";
import { buildMessageEvent } from "../openphone/fixtures";
import { parseWebhookEvent } from "../openphone/parse-webhook-event";
import { processWebhookEvent } from "../engine/process-webhook-event";
import type { ReplyEngine } from "../engine/reply-engine";
import { storeParsedEvent } from "../webhooks/receive-webhook";
import { directEventStore } from "../webhooks/webhook-event-store";
import {
  buildDemoHistoryCsv,
  DEMO_FILE_NAME,
  DEMO_TEST_CUSTOMER,
  DEMO_TEST_MESSAGE,
  demoCustomers,
} from "./demo-history";

/** The business line the demo's messages are written to (made up, like the customers). */
const DEMO_LINE = "+15555550100";

export interface DemoStatus {
  customers: number;
  conversations: number;
  messages: number;
}

export async function getDemoStatus(engine: ReplyEngine): Promise<DemoStatus> {
  const [row] = await queryRows<{ customers: number; conversations: number; messages: number }>(
    engine.database.db,
    sql`select
      (select count(*)::int from customers where is_demo) as customers,
      (select count(*)::int from conversations v join customers c on c.id = v.customer_id where c.is_demo)
        as conversations,
      (select count(*)::int from messages m join customers c on c.id = m.customer_id where c.is_demo)
        as messages`,
  );
  return {
    customers: Number(row?.customers ?? 0),
    conversations: Number(row?.conversations ?? 0),
    messages: Number(row?.messages ?? 0),
  };
}

/** Flags the demo's customers before anything of theirs is written; a real customer's number is never flagged. */
async function flagDemoCustomers(engine: ReplyEngine): Promise<void> {
  await engine.database.db
    .insert(customers)
    .values(demoCustomers().map((c) => ({ phone: c.phone, name: c.name, isDemo: true })))
    .onConflictDoNothing({ target: customers.phone });
}

/**
 * Loads the sample history through the history import (the same path as a file an admin uploads): Playbook
 * learns its patterns, and decides each customer message before learning the operator's answer.
 */
export async function loadDemo(
  engine: ReplyEngine,
  actor: Actor | null,
  opts: { now?: Date } = {},
): Promise<ImportRow> {
  await flagDemoCustomers(engine);
  const dir = await mkdtemp(path.join(tmpdir(), "playbook-demo-"));
  const file = path.join(dir, DEMO_FILE_NAME);
  try {
    await writeFile(file, buildDemoHistoryCsv(opts.now ?? engine.now()));
    const result = await importHistoryFile(engine, file, { createdBy: actor?.userId ?? null });
    // The import learned with its own index: this process's picks the new patterns up now, so a test message
    // sent next is matched against them.
    await engine.index.refresh(engine.database.db, { force: true });
    await recordAudit(engine.database.db, {
      actorUserId: actor?.userId ?? null,
      action: "demo.load",
      targetType: "import",
      targetId: result.id,
      details: { patternsCreated: result.patternsCreated, messages: result.messagesImported },
      ip: actor?.ip ?? null,
    });
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const ZSendDemoMessageRequest = z.object({
  text: z.string().trim().min(1).max(1600).default(DEMO_TEST_MESSAGE),
});
export type SendDemoMessageRequest = z.input<typeof ZSendDemoMessageRequest>;

/**
 * A customer message as if it came by SMS: the event OpenPhone would deliver, stored and processed exactly as the
 * webhook's are (without a signature: it never crossed the network). Returns what Playbook decided.
 */
export async function sendDemoMessage(engine: ReplyEngine, request: SendDemoMessageRequest) {
  const { text } = ZSendDemoMessageRequest.parse(request);
  await flagDemoCustomers(engine);
  const [customer] = await engine.database.db
    .select({ isDemo: customers.isDemo })
    .from(customers)
    .where(eq(customers.phone, DEMO_TEST_CUSTOMER.phone));
  if (!customer?.isDemo) throw conflict("The demo's test number belongs to a real customer");
  const providerMessageId = `ACdemo${randomUUID().replace(/-/g, "")}`;
  const rawBody = JSON.stringify(
    buildMessageEvent({
      shape: "current",
      direction: "inbound",
      from: DEMO_TEST_CUSTOMER.phone,
      to: DEMO_LINE,
      text,
      messageId: providerMessageId,
      createdAt: engine.now(),
      userId: null,
      phoneNumberId: null,
      conversationId: null,
    }),
  );
  const parsed = parseWebhookEvent(rawBody);
  if (!parsed.ok) throw new Error(`the demo's event does not parse: ${parsed.reason}`);
  const stored = await storeParsedEvent(
    directEventStore(engine.database.db),
    rawBody,
    parsed.event,
    "demo",
  );
  if (!stored) throw new Error("the demo's event was stored already");
  const result = await processWebhookEvent(engine, stored.id);
  const [message] = await engine.database.db
    .select({ id: messages.id, conversationId: messages.conversationId })
    .from(messages)
    .where(eq(messages.providerMessageId, providerMessageId));
  const [decision] = message
    ? await engine.database.db.select().from(decisions).where(eq(decisions.messageId, message.id))
    : [];
  return {
    status: result.status,
    conversationId: message?.conversationId ?? null,
    decision: decision
      ? {
          id: decision.id,
          mode: decision.mode,
          intendedMode: decision.intendedMode,
          patternId: decision.patternId,
          proposedReply: decision.proposedReply,
          probability: decision.probability,
        }
      : null,
  };
}

/**
 * Removes the demo in one transaction: its customers with their conversations (messages, decisions, queue items),
 * webhook events and import, the examples learned from them, and the patterns only they taught (deleted as a
 * person would delete them, so every process's match index drops them). Patterns real customers also taught stay,
 * without the demo's examples.
 */
export async function removeDemo(engine: ReplyEngine, actor: Actor | null) {
  const removed = await engine.database.db.transaction(async (tx) => {
    const [patternsRemoved] = await queryRows<{ n: number }>(
      tx,
      sql`with demo_examples as (
          select e.id, e.pattern_id from pattern_examples e
          join messages m on m.id = e.inbound_message_id
          join customers c on c.id = m.customer_id
          where c.is_demo
        ), demo_only as (
          select distinct d.pattern_id as id from demo_examples d
          join patterns p on p.id = d.pattern_id
          where p.deleted_at is null and p.created_from <> 'manual'
            and not exists (
              select 1 from pattern_examples e
              left join messages m on m.id = e.inbound_message_id
              left join customers c on c.id = m.customer_id
              where e.pattern_id = d.pattern_id and c.is_demo is not true)
        ), gone_examples as (
          delete from pattern_examples e using demo_examples d where e.id = d.id
        ), gone as (
          update patterns p set deleted_at = now(), is_active = false, auto_executable = false,
            updated_at = now()
          from demo_only d where p.id = d.id returning p.id
        )
        select count(*)::int as n from gone`,
    );
    await tx.execute(sql`delete from webhook_events
      where customer_phone in (select phone from customers where is_demo)`);
    await tx.execute(sql`delete from conversations
      where customer_id in (select id from customers where is_demo)`);
    const gone = await tx
      .delete(customers)
      .where(eq(customers.isDemo, true))
      .returning({ id: customers.id });
    await tx.delete(imports).where(eq(imports.fileName, DEMO_FILE_NAME));
    const result = { customers: gone.length, patterns: Number(patternsRemoved?.n ?? 0) };
    await recordAudit(tx, {
      actorUserId: actor?.userId ?? null,
      action: "demo.remove",
      details: result,
      ip: actor?.ip ?? null,
    });
    return result;
  });
  return removed;
}
