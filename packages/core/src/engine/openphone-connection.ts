// The OpenPhone connection as the Settings page shows it: which secrets are set (never their values), the last
// send and how it went, and when OpenPhone last delivered a webhook.
import { desc, eq } from "drizzle-orm";
import { decisions, messages, webhookEvents } from "@playbook/db/schema";
import type { ReplyEngine } from "./reply-engine";
import { sendsThroughOpenPhone } from "./send-status";

export interface OpenPhoneConnection {
  /** OPENPHONE_API_KEY is set: replies can be sent. */
  apiKeySet: boolean;
  /** OPENPHONE_WEBHOOK_SECRET is set: deliveries can be verified and accepted. */
  webhookSecretSet: boolean;
  /**
   * The most recent reply sent through OpenPhone (automatic, approved or written in the dashboard); the error is
   * known for replies Playbook decided (a hand reply's failure is only marked failed).
   */
  lastSend: { at: Date; ok: boolean; error: string | null } | null;
  /** When the last webhook delivery from OpenPhone was stored. */
  lastWebhookAt: Date | null;
}

export async function getOpenPhoneConnection(engine: ReplyEngine): Promise<OpenPhoneConnection> {
  const { db } = engine.database;
  const [send] = await db
    .select({ at: messages.sentAt, status: messages.providerStatus, error: decisions.sendError })
    .from(messages)
    .leftJoin(decisions, eq(decisions.sentMessageId, messages.id))
    .where(sendsThroughOpenPhone)
    .orderBy(desc(messages.sentAt))
    .limit(1);
  const [webhook] = await db
    .select({ at: webhookEvents.receivedAt })
    .from(webhookEvents)
    .where(eq(webhookEvents.provider, "openphone"))
    .orderBy(desc(webhookEvents.receivedAt))
    .limit(1);
  const ok = send?.status !== "failed";
  return {
    apiKeySet: engine.openPhone !== null,
    webhookSecretSet: engine.webhookSecrets.length > 0,
    lastSend: send ? { at: send.at, ok, error: ok ? null : (send.error ?? null) } : null,
    lastWebhookAt: webhook?.at ?? null,
  };
}
