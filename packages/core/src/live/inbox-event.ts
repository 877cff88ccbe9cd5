// What open dashboards hear about: the payloads the database's `playbook_notify_inbox` trigger sends on commit
// (migration 0010). Small on purpose: a kind and ids, never customer text; the dashboard refetches what changed.
import { z } from "zod";

/** The PostgreSQL NOTIFY channel the triggers send on. */
export const INBOX_CHANNEL = "playbook_inbox";

const id = z.uuid();

export const ZInboxEvent = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("message"), conversationId: id, messageId: id }),
  z.object({
    kind: z.literal("decision"),
    conversationId: id,
    decisionId: id,
    mode: z.string(),
    outcome: z.string(),
  }),
  z.object({ kind: z.literal("queue"), conversationId: id, queueItemId: id, status: z.string() }),
  z.object({
    kind: z.literal("conversation"),
    conversationId: id,
    escalated: z.boolean(),
    status: z.string(),
  }),
  z.object({
    kind: z.literal("alert"),
    conversationId: id.nullable(),
    alertKey: z.string(),
    alertKind: z.string(),
  }),
  z.object({ kind: z.literal("settings") }),
  // Not from the database: the server says some events may have been missed; refetch everything.
  z.object({ kind: z.literal("resync") }),
]);

export type InboxEvent = z.infer<typeof ZInboxEvent>;

/** The event in a NOTIFY payload, or null when it is not one (another sender on the channel). */
export function parseInboxEvent(payload: string): InboxEvent | null {
  try {
    const parsed = ZInboxEvent.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Whether the event may call for an alert (see alerts/collect-alerts.ts), so alerts are checked at once. */
export function mayRaiseAlert(event: InboxEvent): boolean {
  return (
    (event.kind === "conversation" && event.escalated) ||
    (event.kind === "decision" && event.outcome === "send_failed") ||
    event.kind === "settings"
  );
}
