// Where verified webhook events are stored before they are acknowledged. Under load, requests that arrive
// while an insert is in flight are stored together in the next one: one commit for many events, so the
// acknowledgement rate is not bounded by the database's commits per second. At low load nothing waits.
import { webhookEvents } from "@playbook/db/schema";
import type { Executor } from "@playbook/db";

export type NewWebhookEvent = typeof webhookEvents.$inferInsert;
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

  constructor(
    private readonly executor: Executor,
    private readonly options: { maxInFlight?: number; maxBatch?: number } = {},
  ) {}

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

function insertEvents(executor: Executor, events: NewWebhookEvent[]) {
  return executor
    .insert(webhookEvents)
    .values(events)
    .onConflictDoNothing({ target: [webhookEvents.provider, webhookEvents.eventId] })
    .returning({
      id: webhookEvents.id,
      status: webhookEvents.status,
      provider: webhookEvents.provider,
      eventId: webhookEvents.eventId,
    });
}

/** The first request for an event id gets the inserted row; any other (in this batch or before) is a duplicate. */
function settle(batch: Waiting[], rows: Awaited<ReturnType<typeof insertEvents>>) {
  const inserted = new Map(rows.map((row) => [`${row.provider}\u0000${row.eventId}`, row]));
  for (const w of batch) {
    const key = `${w.event.provider}\u0000${w.event.eventId}`;
    const row = inserted.get(key);
    inserted.delete(key);
    w.resolve(row ? { id: row.id, status: row.status } : null);
  }
}
