// Processes stored webhook events in the background of the API process, a few at a time, so the webhook can
// answer as soon as the event is stored. Whatever it does not finish, the worker's sweep picks up.
import type { ReplyEngine } from "./reply-engine";
import { processWebhookEvent } from "./process-webhook-event";

export class WebhookProcessor {
  private readonly waiting: { id: string; storedAt: number }[] = [];
  private running = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly engine: ReplyEngine,
    private readonly concurrency = 8,
  ) {}

  enqueue(eventRowId: string): void {
    if (this.stopped) return;
    this.waiting.push({ id: eventRowId, storedAt: Date.now() });
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.running < this.concurrency && this.waiting.length > 0) {
      const { id, storedAt } = this.waiting.shift()!;
      this.running += 1;
      processWebhookEvent(this.engine, id, { storedAt })
        .catch((error: unknown) => {
          // The event stays pending in the database; the sweep retries it.
          this.engine.logger.error({ err: error, eventRowId: id }, "background processing failed");
        })
        .finally(() => {
          this.running -= 1;
          if (this.running === 0 && this.waiting.length === 0) this.notifyIdle();
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
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking new work and waits for what is running; queued events stay pending for the sweep. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.waiting.length = 0;
    if (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}
