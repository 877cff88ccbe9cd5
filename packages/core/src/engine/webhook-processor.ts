// Processes stored webhook events in the background of the API process, so the webhook can answer as soon as the
// event is stored. Acknowledging comes first: while the event loop is busy (a burst of deliveries), processing
// waits, and events beyond what it holds in memory are left to the worker's sweep. They are stored, so nothing is
// lost; they are only decided later. A customer's events are decided in the order they were sent: an event in
// memory only says which customer to look at, and the customer's next event is taken from the database (see
// decide-in-order.ts), so what a crashed or stopped process held in memory is never needed.
import { decideCustomerEvents } from "./decide-in-order";
import type { ReplyEngine } from "./reply-engine";
import { processWebhookEvent } from "./process-webhook-event";

export interface WebhookProcessorOptions {
  /** Events processed at once while the event loop has room. */
  concurrency?: number;
  /** Events held in memory; more are left pending in the database for the sweep. */
  maxQueued?: number;
}

export class WebhookProcessor {
  private readonly waiting: { id: string; customer: string | undefined }[] = [];
  private readonly storedAt = new Map<string, number>();
  /** Customers being decided here now; `true` when more of their events arrived meanwhile. */
  private readonly active = new Map<string, boolean>();
  private head = 0;
  private running = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly engine: ReplyEngine,
    options: WebhookProcessorOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 8;
    this.maxQueued = options.maxQueued ?? 10_000;
  }

  get queued(): number {
    return this.waiting.length - this.head;
  }

  enqueue(eventRowId: string, customerPhone?: string): void {
    if (this.stopped) return;
    // Stored and pending: the sweep will process it. Memory stays bounded however long a burst lasts.
    if (this.queued >= this.maxQueued) return;
    this.waiting.push({ id: eventRowId, customer: customerPhone });
    this.storedAt.set(eventRowId, Date.now());
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.queued > 0 && this.running < this.concurrency) {
      if (this.engine.load.busy()) {
        // Requests need the event loop: let them be acknowledged, and look again shortly.
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = null;
          this.pump();
        }, 10);
        return;
      }
      const next = this.waiting[this.head]!;
      this.head += 1;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
      const { id, customer } = next;
      if (customer !== undefined && this.active.has(customer)) {
        // Already being decided here: that run takes this event too, in its turn.
        this.active.set(customer, true);
        continue;
      }
      this.running += 1;
      (customer === undefined ? this.decideOne(id) : this.decideCustomer(customer))
        .catch((error: unknown) => {
          // The event stays pending in the database; the sweep retries it.
          this.engine.logger.error({ err: error, eventRowId: id }, "background processing failed");
        })
        .finally(() => {
          this.running -= 1;
          if (this.running === 0 && this.queued === 0) this.notifyIdle();
          // Yield first: webhook requests waiting to be acknowledged go before the next background event.
          else setImmediate(() => this.pump());
        });
    }
  }

  private async decideOne(id: string): Promise<void> {
    const storedAt = this.takeStoredAt(id);
    await processWebhookEvent(this.engine, id, storedAt === undefined ? {} : { storedAt });
  }

  private async decideCustomer(customer: string): Promise<void> {
    this.active.set(customer, false);
    try {
      do {
        this.active.set(customer, false);
        await decideCustomerEvents(this.engine, customer, {
          storedAt: (id) => this.takeStoredAt(id),
          shouldStop: () => this.stopped,
        });
      } while (this.active.get(customer) && !this.stopped);
    } finally {
      this.active.delete(customer);
    }
  }

  private takeStoredAt(id: string): number | undefined {
    const at = this.storedAt.get(id);
    this.storedAt.delete(id);
    return at;
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.running === 0 && this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops taking new work and waits for the events being decided (each customer's run stops after its current
   * event). Everything else is pending in the database, where the sweep or another replica finds it.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.waiting.length = 0;
    this.head = 0;
    this.storedAt.clear();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}
