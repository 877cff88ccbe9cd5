// A reply an operator writes in the dashboard's composer, sent through OpenPhone. It is stored as the operator's
// own message (as a reply typed in OpenPhone would be), so it is learned by the same path, and it answers the
// customer: Playbook's waiting proposals for them are withdrawn once it is sent.
//
// Safe to click twice: the client picks the message id (`requestId`), so a repeated request finds the first one
// and sends nothing. Nothing goes to a customer who opted out, nor a reply with a {{placeholder}} left in it.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { conversations, customers, messages, users } from "@playbook/db/schema";
import type { Actor } from "../auth/users";
import { recordAudit } from "../audit/audit-log";
import { recordMessage } from "../conversations/record-message";
import { badRequest, conflict, notFound } from "../errors";
import { templateVariablesIn } from "../learning/templatize-reply";
import { MAX_MESSAGE_LENGTH } from "../openphone/openphone-client";
import { getSettings } from "../settings/settings";
import { learnOperatorReplyNow } from "./process-webhook-event";
import type { ReplyEngine } from "./reply-engine";
import { describeSendFailure } from "./send-reply";
import { withdrawAnsweredProposals } from "./withdraw-answered-proposals";

export const ZSendHandReplyRequest = z.object({
  conversationId: z.uuid(),
  /** Chosen once per reply by the client and sent again on a retry: the same reply is sent once. */
  requestId: z.uuid(),
  text: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH),
});
export type SendHandReplyRequest = z.infer<typeof ZSendHandReplyRequest>;

export type SendHandReplyResult =
  | { status: "sent"; messageId: string; providerMessageId: string }
  /** The same request came before: its message, as it stands. */
  | { status: "duplicate"; messageId: string; providerStatus: string | null }
  | { status: "failed"; messageId: string; error: string };

export async function sendHandReply(
  engine: ReplyEngine,
  request: SendHandReplyRequest,
  actor: Actor,
): Promise<SendHandReplyResult> {
  const { db } = engine.database;
  const claimed = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ conversation: conversations, customer: customers })
      .from(conversations)
      .innerJoin(customers, eq(customers.id, conversations.customerId))
      .where(eq(conversations.id, request.conversationId));
    if (!row) throw notFound("Conversation");
    // The customer's row is locked until the commit: a second copy of this request waits here, then finds it.
    const [customer] = await tx
      .select()
      .from(customers)
      .where(eq(customers.id, row.customer.id))
      .for("update");
    const [earlier] = await tx
      .select({
        id: messages.id,
        conversationId: messages.conversationId,
        providerStatus: messages.providerStatus,
      })
      .from(messages)
      .where(eq(messages.id, request.requestId));
    if (earlier) {
      if (earlier.conversationId !== row.conversation.id) {
        throw conflict("This request id was used for another reply");
      }
      return { duplicate: earlier };
    }
    if (customer?.isDemo) throw conflict("A demo customer: nothing is sent to OpenPhone");
    if (!customer || customer.optedOut) {
      throw conflict("The customer opted out (STOP): nothing is sent until they text START");
    }
    const unfilled = templateVariablesIn(request.text)[0];
    if (unfilled) throw badRequest(`The reply still has {{${unfilled}}} to fill in`);
    if (!engine.openPhone) {
      throw conflict("Replies cannot be sent: OpenPhone is not configured (OPENPHONE_API_KEY)");
    }
    const from = row.conversation.phoneNumberId ?? engine.defaultFrom;
    if (!from) throw conflict("No business line to send from (set OPENPHONE_FROM)");

    const settings = await getSettings(tx);
    const [author] = await tx
      .select({ name: users.name })
      .from(users)
      .where(eq(users.id, actor.userId));
    const recorded = await recordMessage(
      tx,
      {
        id: request.requestId,
        direction: "outbound",
        customerPhone: customer.phone,
        body: request.text,
        sentAt: engine.now(),
        source: "dashboard",
        providerStatus: "sending",
        phoneNumberId: row.conversation.phoneNumberId,
        operatorName: author?.name ?? null,
        sentByUserId: actor.userId,
        // Learned only once OpenPhone has it.
        learnState: null,
      },
      settings,
    );
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "conversation.reply",
      targetType: "message",
      targetId: recorded.message.id,
      details: { conversationId: recorded.conversation.id },
      ip: actor.ip,
    });
    return { duplicate: null, recorded, from, to: customer.phone, settings };
  });
  if (claimed.duplicate) {
    return {
      status: "duplicate",
      messageId: claimed.duplicate.id,
      providerStatus: claimed.duplicate.providerStatus,
    };
  }

  const { recorded, from, to, settings } = claimed;
  const messageId = recorded.message.id;
  let sent: { id: string; status: string };
  try {
    // Checked in the transaction; read again here for the type.
    if (!engine.openPhone) throw new Error("OpenPhone is not configured");
    sent = await engine.openPhone.sendMessage({ content: request.text, from, to: [to] });
  } catch (error) {
    const reason = describeSendFailure(error);
    engine.logger.error({ err: error, messageId }, "hand reply send failed");
    // Kept, marked failed: it shows in the conversation, is never learned, and does not count as an answer.
    await db.update(messages).set({ providerStatus: "failed" }).where(eq(messages.id, messageId));
    return { status: "failed", messageId, error: reason };
  }
  await db.transaction(async (tx) => {
    await tx
      .update(messages)
      .set({ providerMessageId: sent.id, providerStatus: sent.status, learnState: "pending" })
      .where(eq(messages.id, messageId));
    // The customer is answered: what Playbook proposed for their earlier messages is withdrawn, exactly as
    // when an operator answers in OpenPhone.
    await withdrawAnsweredProposals(tx, {
      customerId: recorded.customer.id,
      answeredAt: recorded.message.sentAt,
      now: engine.now(),
    });
  });
  await learnOperatorReplyNow(engine, recorded.conversation.id, settings);
  return { status: "sent", messageId, providerMessageId: sent.id };
}
