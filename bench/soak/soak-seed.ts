// The business the soak runs against: automation on and out of shadow mode, always open, and a few patterns
// learned from real exchanges (through the webhook path) and then trusted to answer by themselves.
import { randomBytes } from "node:crypto";
import {
  alwaysOpen,
  createHeaderLookup,
  createLogger,
  createReplyEngine,
  directEventStore,
  hashPassword,
  loadEnv,
  processWebhookEvent,
  receiveWebhook,
  signOpenPhoneWebhook,
  updateSettings,
} from "@playbook/core";
import { buildMessageEvent, calibratedIndex } from "@playbook/core/testing";
import type { Database } from "@playbook/db";
import { patterns, users } from "@playbook/db/schema";

export const BUSINESS = "+19025550000";
export const QUESTIONS: [question: string, answer: string][] = [
  ["What time do you open on Sunday?", "We open at 9am on Sundays. See you then!"],
  ["Do you sell gift cards?", "Yes, gift cards are available at the front desk in any amount."],
  ["How much is a bay for an hour?", "A bay is $45 an hour, up to 4 players."],
  ["Is there parking nearby?", "Yes, free parking right behind the building."],
];

export async function seedBusiness(database: Database, secret: string): Promise<void> {
  const { db } = database;
  const [admin] = await db
    .insert(users)
    .values({
      email: "soak-admin@example.com",
      name: "Soak admin",
      role: "admin",
      passwordHash: await hashPassword(randomBytes(12).toString("hex")),
    })
    .returning({ id: users.id });
  await updateSettings(
    db,
    {
      enabled: true,
      shadowMode: false,
      timezone: "UTC",
      workingHours: alwaysOpen,
      replySettleSeconds: 0,
    },
    { userId: admin!.id, ip: "127.0.0.1" },
  );
  const env = loadEnv({ NODE_ENV: "test", LOG_LEVEL: "silent", OPENPHONE_WEBHOOK_SECRET: secret });
  const logger = createLogger({ level: "silent", name: "soak-seed" });
  const engine = createReplyEngine({ database, env, logger, index: calibratedIndex() });
  const at = Date.now() - 86_400_000;
  for (const [i, [question, answer]] of QUESTIONS.entries()) {
    const customer = `+1902666${String(i).padStart(4, "0")}`;
    for (const [direction, text, offset] of [
      ["inbound", question, 0],
      ["outbound", answer, 60_000],
    ] as const) {
      const rawBody = JSON.stringify(
        buildMessageEvent({
          shape: "legacy",
          direction,
          from: direction === "inbound" ? customer : BUSINESS,
          to: direction === "inbound" ? BUSINESS : customer,
          text,
          createdAt: new Date(at + i * 600_000 + offset),
        }),
      );
      const headers = signOpenPhoneWebhook({ scheme: "legacy", secret, rawBody });
      const stored = await receiveWebhook(directEventStore(db), logger, {
        header: createHeaderLookup(headers),
        rawBody,
        secrets: engine.webhookSecrets,
      });
      if (!stored.storedId) throw new Error(`seed event not stored: ${JSON.stringify(stored)}`);
      await processWebhookEvent(engine, stored.storedId);
    }
  }
  const trusted = await db
    .update(patterns)
    .set({ isActive: true, autoExecutable: true, confidence: 1, successCount: 20 })
    .returning({ id: patterns.id });
  if (trusted.length < QUESTIONS.length) {
    throw new Error(`only ${trusted.length} patterns were learned from the seed exchanges`);
  }
}
