// One LISTEN per API process, fanned out to every open dashboard stream of that process. Events that arrive
// together are sent together; a burst too large to be worth sending (a bulk update) becomes one "resync".
import { INBOX_CHANNEL, parseInboxEvent, type InboxEvent, type Logger } from "@playbook/core";
import type { Database, Listener } from "@playbook/db";

/** Proxies and load balancers drop a silent connection; a comment this often keeps it open. */
export const KEEPALIVE_MS = 15_000;
const MAX_SUBSCRIBERS = 2_000;
/** Events committed within this window reach a stream as one message. */
const FLUSH_MS = 20;
/** More events than this in one window: the dashboard refetches everything instead. */
const MAX_BATCH = 200;

export interface LiveSubscriber {
  send(events: InboxEvent[]): void;
  /** The hub is stopping (the server shuts down): end the stream. */
  close(): void;
}

export class LiveHub {
  private readonly subscribers = new Set<LiveSubscriber>();
  private readonly observers: ((event: InboxEvent) => void)[] = [];
  private listener: Promise<Listener> | null = null;
  private pending: InboxEvent[] = [];
  private overflow = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
    /** How often an open stream gets a keepalive comment (and its session is checked again). */
    readonly keepaliveMs = KEEPALIVE_MS,
    /** Open streams one process serves at most; more are refused (503) and their browsers poll. */
    private readonly maxSubscribers = MAX_SUBSCRIBERS,
  ) {}

  /** Starts listening (once); resolves when the LISTEN is in place, so no later commit is missed. */
  start(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error("The live hub has stopped"));
    this.listener ??= this.database
      .listen(INBOX_CHANNEL, {
        onMessage: (payload) => this.receive(payload),
        onGap: () => this.queue({ kind: "resync" }),
      })
      .catch((error: unknown) => {
        // A later subscriber tries again rather than inheriting a failure for good.
        this.listener = null;
        throw error;
      });
    return this.listener.then(() => undefined);
  }

  /** Called with every event from the database, in this process (alerts are checked on some). */
  observe(fn: (event: InboxEvent) => void): void {
    this.observers.push(fn);
  }

  /** Adds a stream; null when this process already serves as many as it may. */
  async subscribe(subscriber: LiveSubscriber): Promise<(() => void) | null> {
    await this.start();
    if (this.subscribers.size >= this.maxSubscribers) return null;
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Whether this process serves as many streams as it may. */
  get full(): boolean {
    return this.subscribers.size >= this.maxSubscribers;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const subscriber of this.subscribers) subscriber.close();
    this.subscribers.clear();
    const listener = await this.listener?.catch(() => null);
    this.listener = null;
    await listener?.close();
  }

  private receive(payload: string): void {
    const event = parseInboxEvent(payload);
    if (!event) {
      this.logger.warn({ payload: payload.slice(0, 200) }, "unknown live event ignored");
      return;
    }
    for (const observer of this.observers) {
      try {
        observer(event);
      } catch (error) {
        this.logger.error({ err: error }, "live event observer failed");
      }
    }
    this.queue(event);
  }

  private queue(event: InboxEvent): void {
    if (this.pending.length >= MAX_BATCH) this.overflow = true;
    else this.pending.push(event);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const events: InboxEvent[] = this.overflow ? [{ kind: "resync" }] : this.pending;
    this.pending = [];
    this.overflow = false;
    for (const subscriber of this.subscribers) {
      try {
        subscriber.send(events);
      } catch (error) {
        this.logger.warn({ err: error }, "a live stream could not be written");
      }
    }
  }
}
