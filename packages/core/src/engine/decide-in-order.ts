// Decides stored webhook events customer by customer, each customer's in the order its messages were sent. The
// database is the source of truth: whichever process runs this (the API that stored an event, another API
// replica, the worker's sweep after a crash) takes the customer's next pending event from the table, and
// processWebhookEvent refuses any event that is not its customer's next. Memory only says where to look first.
import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { queryRows, runStatement, statement, type Executor } from "@playbook/db";
import { webhookEvents } from "@playbook/db/schema";
import { parseWebhookEvent } from "../openphone/parse-webhook-event";
import { processNextEventOf, processWebhookEvent } from "./process-webhook-event";
import type { ReplyEngine } from "./reply-engine";

export interface DecideInOrderOptions {
  /** Epoch ms when this process stored an event, for the decision's stored → decided latency. */
  storedAt?: (eventRowId: string) => number | undefined;
  /** Checked before each event: stop early (a deadline, a shutdown). */
  shouldStop?: () => boolean;
}

export type DecideInOrderTotals = {
  processed: number;
  failed: number;
};

// A deferral right after another process committed the earlier event is usually gone a moment later.
const DEFER_RETRIES = 3;
const DEFER_WAIT_MS = 25;

/**
 * Processes `customerPhone`'s pending events oldest-sent first until none is left. Stops when the next one is
 * backed off after a failed attempt (nothing after it may be decided before it) or is held by another process,
 * which then carries on with the rest itself.
 */
export async function decideCustomerEvents(
  engine: ReplyEngine,
  customerPhone: string,
  opts: DecideInOrderOptions = {},
): Promise<DecideInOrderTotals> {
  const totals = { processed: 0, failed: 0 };
  let lastId: string | null = null;
  let deferrals = 0;
  while (!opts.shouldStop?.()) {
    // The customer's next event is found and claimed in one statement (see claim-event.ts).
    const { result, eventId, more } = await processNextEventOf(engine, customerPhone, (id) =>
      opts.storedAt?.(id),
    );
    if (result.status === "none" || result.status === "backed_off") break;
    // A failed event is backed off now: nothing after it may be decided before it.
    if (result.status === "failed") {
      totals.failed += 1;
      break;
    }
    if (result.status !== "skipped" && result.status !== "deferred") {
      totals.processed += 1;
      deferrals = 0;
      lastId = eventId;
      // Nothing else was pending when the event was claimed: one look after the commit (an event stored
      // meanwhile) instead of a whole claim that finds nothing.
      if (more === false && !(await hasPendingEvents(engine, customerPhone))) break;
      continue;
    }
    deferrals = eventId === lastId ? deferrals + 1 : 1;
    lastId = eventId;
    if (deferrals > DEFER_RETRIES) break;
    await new Promise((resolve) => setTimeout(resolve, DEFER_WAIT_MS));
  }
  return totals;
}

async function hasPendingEvents(engine: ReplyEngine, customerPhone: string): Promise<boolean> {
  const [row] = await runStatement<{ pending: boolean }>(engine.database.db, customerPending, [
    customerPhone,
  ]);
  return row?.pending ?? false;
}

const customerPending = statement(
  "playbook_customer_pending",
  `select exists (select 1 from webhook_events where customer_phone = $1 and status = 'pending') as pending`,
);

/**
 * Processes events that are still pending (a crash, a restart, a failed attempt whose back-off is over, a burst
 * larger than the API held in memory), customers with the oldest waiting message first, in batches until none is
 * left or the time is up. Several customers are worked on at once; one customer's events one after another.
 */
export async function processPendingWebhookEvents(
  engine: ReplyEngine,
  opts: {
    batchSize?: number;
    lanes?: number;
    maxDurationMs?: number;
    /** Leave customers whose oldest event is younger than this to the API that stored it (deciding it now). */
    minAgeMs?: number;
    signal?: AbortSignal;
  } = {},
): Promise<DecideInOrderTotals> {
  const deadline = Date.now() + (opts.maxDurationMs ?? 10_000);
  const totals = { processed: 0, failed: 0 };
  const tried = new Set<string>();
  const shouldStop = () => Boolean(opts.signal?.aborted) || Date.now() > deadline;
  const add = (more: DecideInOrderTotals) => {
    totals.processed += more.processed;
    totals.failed += more.failed;
  };
  const batchSize = opts.batchSize ?? 500;
  while (!shouldStop()) {
    await recordEventCustomers(engine, batchSize);
    const youngest = opts.minAgeMs
      ? sql`now() - ${`${opts.minAgeMs} milliseconds`}::interval`
      : sql`now()`;
    const waiting = await queryRows<{ customer_phone: string }>(
      engine.database.db,
      sql`select customer_phone from webhook_events
          where status = 'pending' and customer_phone is not null
          group by customer_phone having min(received_at) <= ${youngest}
          order by min(received_at) limit ${batchSize}`,
    );
    // A customer whose next event is backed off or held elsewhere is not looked at again in this run.
    const customers = waiting.map((row) => row.customer_phone).filter((c) => !tried.has(c));
    const unordered = await unorderedPendingEvents(engine, batchSize, tried);
    if (customers.length === 0 && unordered.length === 0) break;
    for (const key of [...customers, ...unordered]) tried.add(key);
    const lane = async () => {
      for (let customer = customers.shift(); customer; customer = customers.shift()) {
        // In a burst, acknowledging new deliveries goes first; the backlog waits a moment.
        while (engine.load.busy() && !shouldStop()) await new Promise((r) => setTimeout(r, 20));
        add(await decideCustomerEvents(engine, customer, { shouldStop }));
      }
      for (let id = unordered.shift(); id && !shouldStop(); id = unordered.shift()) {
        const result = await processWebhookEvent(engine, id);
        if (result.status === "failed") totals.failed += 1;
        else if (result.status !== "skipped" && result.status !== "deferred") totals.processed += 1;
      }
    };
    await Promise.all(Array.from({ length: opts.lanes ?? 4 }, lane));
  }
  return totals;
}

/** Pending events with no customer: bodies that no longer parse (they end as ignored). */
async function unorderedPendingEvents(engine: ReplyEngine, limit: number, tried: Set<string>) {
  const rows = await engine.database.db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.status, "pending"),
        isNull(webhookEvents.customerPhone),
        or(isNull(webhookEvents.lockedUntil), lt(webhookEvents.lockedUntil, sql`now()`)),
      ),
    )
    .orderBy(asc(webhookEvents.receivedAt))
    .limit(limit);
  return rows.map((row) => row.id).filter((id) => !tried.has(id));
}

/**
 * Events stored by a version that did not record the customer on them: read it from the body once, so they are
 * ordered with the rest. Bodies that do not parse keep no customer and are processed (and ignored) on their own.
 */
async function recordEventCustomers(engine: ReplyEngine, limit: number): Promise<void> {
  const { db } = engine.database;
  const rows = await db
    .select({ id: webhookEvents.id, rawBody: webhookEvents.rawBody })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.status, "pending"), isNull(webhookEvents.customerPhone)))
    .limit(limit);
  for (const row of rows) {
    const parsed = parseWebhookEvent(row.rawBody);
    const message = parsed.ok ? parsed.event.message : null;
    if (!message) continue;
    await db
      .update(webhookEvents)
      .set({ customerPhone: message.customerPhone, sentAt: message.createdAt })
      .where(eq(webhookEvents.id, row.id));
  }
}

export interface WebhookBacklog {
  /** Stored message events not decided yet. */
  pending: number;
  /** Age of the oldest of them: past `autoReplyMaxAgeMinutes`, automatic replies become suggestions. */
  oldestPendingSeconds: number | null;
}

/** How far deciding lags behind storing: a reliability figure, shown by /readyz. */
export async function measureWebhookBacklog(db: Executor): Promise<WebhookBacklog> {
  const [row] = await queryRows<{ pending: number; oldest: number | null }>(
    db,
    sql`select count(*) as pending,
          extract(epoch from now() - min(received_at))::float8 as oldest
        from webhook_events where status = 'pending'`,
  );
  return {
    pending: row?.pending ?? 0,
    oldestPendingSeconds:
      row?.oldest === null || row?.oldest === undefined ? null : Math.round(row.oldest * 10) / 10,
  };
}
