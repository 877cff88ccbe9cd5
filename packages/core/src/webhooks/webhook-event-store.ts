// Where verified webhook events are stored before they are acknowledged. Under load, requests that arrive
// while an insert is in flight are stored together in the next one: one commit for many events, so the
// acknowledgement rate is not bounded by the database's commits per second. At low load nothing waits.
import { sql } from "drizzle-orm";
import type { webhookEvents } from "@playbook/db/schema";
import { queryRows, type Executor } from "@playbook/db";

/** What a delivery stores; the rest of the row (id, attempts, received_at) takes the table's defaults. */
export type NewWebhookEvent = Pick<
  typeof webhookEvents.$inferInsert,
  | "provider"
  | "eventId"
  | "eventType"
  | "signatureScheme"
  | "rawBody"
  | "customerPhone"
  | "sentAt"
  | "status"
  | "processedAt"
>;
/** The stored row, or null when an event with the same provider and id was stored before (a redelivery). */
export type StoredWebhookEvent = { id: string; status: string } | null;

export interface WebhookEventStore {
  store(event: NewWebhookEvent): Promise<StoredWebhookEvent>;
}

/** One insert per event. */
export function directEventStore(executor: Executor): WebhookEventStore {
  return {
    async store(event) {
      const [row] = await insertEvents(executor, [event]);
      return row ? { id: row.id, status: row.status } : null;
    },
  };
}

interface Waiting {
  event: NewWebhookEvent;
  resolve(stored: StoredWebhookEvent): void;
  reject(error: unknown): void;
}

/** Batches events that arrive while earlier inserts are in flight. */
export class BatchingEventStore implements WebhookEventStore {
  private waiting: Waiting[] = [];
  private inFlight = 0;
  /** Inserts run and events given to them, so far: events per insert is the batching achieved (benchmarks). */
  readonly counts = { inserts: 0, events: 0 };

  constructor(
    private readonly executor: Executor,
    private readonly options: { maxInFlight?: number; maxBatch?: number } = {},
  ) {}

  /** Deliveries waiting for an insert to start (those in a running insert are not counted). */
  get waitingCount(): number {
    return this.waiting.length;
  }

  store(event: NewWebhookEvent): Promise<StoredWebhookEvent> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    const maxInFlight = this.options.maxInFlight ?? 2;
    const maxBatch = this.options.maxBatch ?? 200;
    while (this.waiting.length > 0 && this.inFlight < maxInFlight) {
      const batch = this.waiting.slice(0, maxBatch);
      this.waiting = this.waiting.slice(batch.length);
      this.inFlight += 1;
      this.counts.inserts += 1;
      this.counts.events += batch.length;
      insertEvents(
        this.executor,
        batch.map((w) => w.event),
      )
        .then((rows) => settle(batch, rows))
        .catch((error: unknown) => {
          for (const w of batch) w.reject(error);
        })
        .finally(() => {
          this.inFlight -= 1;
          this.flush();
        });
    }
  }
}

// One statement whatever the batch size: each column travels as one array parameter and unnest() turns them back
// into rows. The text never changes, so nothing is built per event (drizzle's builder for a multi-row insert was
// about a tenth of the API's CPU under a burst). One statement is atomic: a batch is stored whole or not at all.
// A redelivery, earlier or in the same batch, hits the unique key and is skipped. The column list mirrors the
// schema (webhooks.ts); a change there that this misses fails every webhook test.
function insertEvents(executor: Executor, events: NewWebhookEvent[]) {
  const column = <T>(pick: (event: NewWebhookEvent) => T) => sql.param(events.map(pick));
  const time = (at: Date | null | undefined) => (at ? at.toISOString() : null);
  return queryRows<{ id: string; status: string; provider: string; event_id: string }>(
    executor,
    sql`insert into webhook_events
          (provider, event_id, event_type, signature_scheme, raw_body, customer_phone, sent_at, status, processed_at)
        select provider, event_id, event_type, signature_scheme, raw_body, customer_phone, sent_at,
               coalesce(status, 'pending')::webhook_event_status, processed_at
        from unnest(
          ${column((e) => e.provider)}::text[], ${column((e) => e.eventId)}::text[],
          ${column((e) => e.eventType)}::text[], ${column((e) => e.signatureScheme)}::text[],
          ${column((e) => e.rawBody)}::text[], ${column((e) => e.customerPhone ?? null)}::text[],
          ${column((e) => time(e.sentAt))}::timestamptz[], ${column((e) => e.status ?? null)}::text[],
          ${column((e) => time(e.processedAt))}::timestamptz[]
        ) as batch(provider, event_id, event_type, signature_scheme, raw_body, customer_phone, sent_at, status,
                   processed_at)
        on conflict (provider, event_id) do nothing
        returning id, status, provider, event_id`,
  );
}

/** The first request for an event id gets the inserted row; any other (in this batch or before) is a duplicate. */
function settle(batch: Waiting[], rows: Awaited<ReturnType<typeof insertEvents>>) {
  const inserted = new Map(rows.map((row) => [`${row.provider}\u0000${row.event_id}`, row]));
  for (const w of batch) {
    const key = `${w.event.provider}\u0000${w.event.eventId}`;
    const row = inserted.get(key);
    inserted.delete(key);
    w.resolve(row ? { id: row.id, status: row.status } : null);
  }
}
