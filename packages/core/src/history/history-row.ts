// One message of a business's history as read from an import file, before it is stored.

export interface HistoryRow {
  /** Line of the file where the record starts (the header is line 1). */
  line: number;
  /**
   * What makes the message unique across imports: its message_id when the file has one, otherwise a digest of
   * when, which way, with whom and what was said. Importing the same message twice finds it by this key.
   */
  key: string;
  messageId: string | null;
  conversationId: string | null;
  sentAt: Date;
  direction: "inbound" | "outbound";
  /** The customer's number, normalised as the webhook normalises it (normalizePhoneNumber). */
  customerPhone: string;
  customerName: string | null;
  operator: string | null;
  body: string;
}

/** A record of the file that could not be imported, with the reason a person can act on. */
export interface RejectedRow {
  line: number;
  reason: string;
  /** The start of the raw record, for the report. */
  excerpt: string;
}

export type HistoryRecord =
  | { ok: true; row: HistoryRow; bytes: number }
  | { ok: false; rejected: RejectedRow; bytes: number };
