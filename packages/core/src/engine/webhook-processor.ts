// Processes stored webhook events in the background of the API process, so the webhook can answer as soon as the
// event is stored. Acknowledging comes first: while the event loop is busy (a burst of deliveries), processing
// waits, and events beyond what it holds in memory are left to the worker's sweep. They are stored, so nothing is
// lost; they are only decided later.
import type { ReplyEngine } from "./reply-engine";
import { processWebhookEvent } from "./process-webhook-event";

export interface WebhookProcessorOptions {
  /** Events processed at once while the event loop has room. */
  concurrency?: number;
  /** Events held in memory; more are left pending in the database for the sweep. */
  maxQueued?: number;
}

export class WebhookProcessor {
  private readonly waiting: { id: string; storedAt: number }[] = [];
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

  enqueue(eventRowId: string): void {
    if (this.stopped) return;
    // Stored and pending: the sweep will process it. Memory stays bounded however long a burst lasts.
    if (this.queued >= this.maxQueued) return;
    this.waiting.push({ id: eventRowId, storedAt: Date.now() });
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
      const { id, storedAt } = next;
      this.running += 1;
      processWebhookEvent(this.engine, id, { storedAt })
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

  /** Stops taking new work and waits for what is running; queued events stay pending for the sweep. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.waiting.length = 0;
    this.head = 0;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}
