// The soak's traffic, as OpenPhone sends it: signed message events from many customers, each customer's in the
// order they were written (the next only after the last was acknowledged), retried on any failure until
// acknowledged; some delivered again later (redeliveries), some forged (a wrong secret), some STOP and START.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { signOpenPhoneWebhook } from "@playbook/core";
import { buildMessageEvent } from "@playbook/core/testing";
import { BUSINESS, QUESTIONS } from "./soak-seed";

const CHATTER = ["thanks!", "ok see you soon", "can I bring my own clubs", "running 10 min late"];
const RETRY_MS = 200;
const GIVE_UP_MS = 120_000;

export interface LoadOptions {
  webhooks: number;
  rate: number;
  customers: number;
  secret: string;
  url: () => string;
}

export const soakCustomer = (i: number) => `+1902777${String(i).padStart(4, "0")}`;

export class WebhookLoad {
  /** Genuine event ids that got a 2xx at least once. */
  readonly acknowledged = new Set<string>();
  readonly forged = new Set<string>();
  forgeriesAccepted = 0;
  redeliveries = 0;
  gaveUp = 0;
  maxBacklogSeconds = 0;
  private sent = 0;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  private seed = 42;

  constructor(private readonly opts: LoadOptions) {}

  private random(): number {
    // Deterministic, so two runs send the same traffic.
    this.seed = (this.seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return this.seed / 2 ** 31;
  }

  /** Sends everything at `rate` per second; `onSent(count)` runs after each send starts (faults hook in). */
  async run(onSent: (sent: number) => void): Promise<void> {
    const { webhooks, customers, rate } = this.opts;
    const plan: number[][] = Array.from({ length: customers }, () => []);
    for (let i = 0; i < webhooks; i += 1) plan[Math.floor(this.random() * customers)]!.push(i);
    const started = Date.now();
    const backlogPoll = setInterval(() => void this.pollBacklog(), 1_000);
    const extra: Promise<void>[] = [];
    try {
      await Promise.all(
        plan.map(async (slots, c) => {
          for (const slot of slots) {
            const wait = started + (slot * 1000) / rate - Date.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            this.sent += 1;
            onSent(this.sent);
            const roll = this.random();
            if (roll < 0.02) {
              extra.push(this.forge(c));
              continue;
            }
            const body = this.messageBody(c, roll);
            await this.deliver(body);
            if (this.random() < 0.1) {
              this.redeliveries += 1;
              extra.push(
                new Promise((r) => setTimeout(r, 500 + this.random() * 3_000)).then(() =>
                  this.deliver(body),
                ),
              );
            }
          }
        }),
      );
      await Promise.all(extra);
    } finally {
      clearInterval(backlogPoll);
    }
  }

  private messageBody(customer: number, roll: number): { eventId: string; rawBody: string } {
    const text =
      roll < 0.06
        ? "STOP"
        : roll < 0.09
          ? "START"
          : roll < 0.8
            ? QUESTIONS[Math.floor(this.random() * QUESTIONS.length)]![0]
            : CHATTER[Math.floor(this.random() * CHATTER.length)]!;
    const eventId = `EVsoak${randomBytes(8).toString("hex")}`;
    const rawBody = JSON.stringify(
      buildMessageEvent({
        shape: "legacy",
        direction: "inbound",
        from: soakCustomer(customer),
        to: BUSINESS,
        text,
        eventId,
        createdAt: new Date(),
      }),
    );
    return { eventId, rawBody };
  }

  /** Until acknowledged, as OpenPhone retries: any non-2xx or connection failure is tried again. */
  private async deliver({ eventId, rawBody }: { eventId: string; rawBody: string }) {
    const deadline = Date.now() + GIVE_UP_MS;
    while (Date.now() < deadline) {
      const headers = signOpenPhoneWebhook({ scheme: "legacy", secret: this.opts.secret, rawBody });
      const status = await this.post(rawBody, headers).catch(() => 0);
      if (status >= 200 && status < 300) {
        this.acknowledged.add(eventId);
        return;
      }
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
    this.gaveUp += 1;
  }

  private async forge(customer: number) {
    const { eventId, rawBody } = this.messageBody(customer, 0.5);
    this.forged.add(eventId);
    const wrong = randomBytes(32).toString("base64");
    const headers = signOpenPhoneWebhook({ scheme: "legacy", secret: wrong, rawBody });
    const status = await this.post(rawBody, headers).catch(() => 0);
    if (status >= 200 && status < 300) this.forgeriesAccepted += 1;
  }

  private async pollBacklog() {
    try {
      const res = await fetch(new URL("/readyz", this.opts.url()));
      const body = (await res.json()) as { backlog?: { oldestPendingSeconds: number | null } };
      const age = body.backlog?.oldestPendingSeconds ?? 0;
      this.maxBacklogSeconds = Math.max(this.maxBacklogSeconds, age);
    } catch {
      // The API is down or the database away: that moment's backlog is read at the next poll.
    }
  }

  private post(rawBody: string, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        new URL("/webhooks/openphone", this.opts.url()),
        { method: "POST", agent: this.agent, headers, timeout: 10_000 },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", reject);
      req.end(rawBody);
    });
  }
}
