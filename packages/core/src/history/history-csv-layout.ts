// The header of a message-history CSV: which column holds which field (our names or OpenPhone's), and the
// reasons a header cannot be used.
import { AppError } from "../errors";
/**
 * Header names accepted for each field, for matching, docs and error messages. Matching ignores case and everything
 * but letters and digits, so "Sent At", "sent_at" and "sentAt" are one name; OpenPhone's names are spelt its way.
 * A file without a customer_phone column may instead have OpenPhone's `from` and `to`: the customer is `from` on
 * inbound rows and `to` on outbound ones.
 */
export const historyColumnAliases = {
  message_id: ["message_id", "id"],
  conversation_id: ["conversation_id"],
  sent_at: ["sent_at", "createdAt", "date", "timestamp", "time"],
  direction: ["direction"],
  customer_phone: [
    "customer_phone",
    "phone",
    "phoneNumber",
    "contactPhone",
    "participant",
    "participants",
  ],
  customer_name: ["customer_name", "contactName", "name"],
  operator: ["operator", "userId", "user", "sentBy", "agent"],
  body: ["body", "text", "content", "message"],
} as const satisfies Record<string, readonly string[]>;

export type HistoryColumn = keyof typeof historyColumnAliases;

/** A problem with the file as a whole (no header, a required column missing, not a CSV file): nothing is read. */
export class HistoryCsvError extends AppError {
  override name = "HistoryCsvError";
  constructor(message: string) {
    super("BAD_REQUEST", message);
  }
}

export const REQUIRED_COLUMNS = ["sent_at", "direction", "customer_phone", "body"] as const;

type ColumnTarget = HistoryColumn | "from" | "to";

/** "Sent At" → "sentat": how header names are compared. */
function normalizeHeader(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

const columnTargets = new Map<string, ColumnTarget>([
  ...Object.entries(historyColumnAliases).flatMap(([column, names]) =>
    names.map((name): [string, ColumnTarget] => [normalizeHeader(name), column as HistoryColumn]),
  ),
  ["from", "from"],
  ["to", "to"],
]);

export interface Column {
  index: number;
  /** As the file spells it, so a reason names the column the user sees. */
  name: string;
}

export interface Layout {
  width: number;
  sentAt: Column;
  direction: Column;
  body: Column;
  customerPhone: Column | { from: Column; to: Column };
  messageId: Column | undefined;
  conversationId: Column | undefined;
  customerName: Column | undefined;
  operator: Column | undefined;
}
/** A field as the user knows it: the header's name for it, or its position. */
export function fieldName(layout: Layout, index: number): string {
  const columns = [
    layout.sentAt,
    layout.direction,
    layout.body,
    layout.messageId,
    layout.conversationId,
    layout.customerName,
    layout.operator,
    ...("from" in layout.customerPhone
      ? [layout.customerPhone.from, layout.customerPhone.to]
      : [layout.customerPhone]),
  ];
  const column = columns.find((c) => c?.index === index);
  return column ? `Field ${column.name} (column ${index + 1})` : `Field ${index + 1}`;
}

export function describeRequired(columns: readonly HistoryColumn[]): string {
  return columns
    .map((column) => {
      const names = historyColumnAliases[column].join(", ");
      return column === "customer_phone"
        ? `${column}: one of ${names}, or both from and to`
        : `${column}: one of ${names}`;
    })
    .join("; ");
}

export function readLayout(header: readonly string[]): Layout {
  const names = header.map((name) => name.trim());
  if (names.some((name) => /\p{Cc}/u.test(name.replace(/[\t\r\n]/g, "")))) {
    throw new HistoryCsvError(
      "This is not a CSV text file: its first line holds binary data. Export the history as CSV (a spreadsheet must be saved as CSV first).",
    );
  }

  const found = new Map<ColumnTarget, Column>();
  names.forEach((name, index) => {
    const target = columnTargets.get(normalizeHeader(name));
    if (target === undefined) return;
    const other = found.get(target);
    if (other !== undefined) {
      throw new HistoryCsvError(
        `Columns ${JSON.stringify(other.name)} (column ${other.index + 1}) and ${JSON.stringify(name)} (column ${index + 1}) both give ${target}; remove or rename one of them.`,
      );
    }
    found.set(target, { index, name });
  });

  const from = found.get("from");
  const to = found.get("to");
  const customerPhone = found.get("customer_phone") ?? (from && to ? { from, to } : undefined);
  const sentAt = found.get("sent_at");
  const direction = found.get("direction");
  const body = found.get("body");
  if (!sentAt || !direction || !body || !customerPhone) {
    const missing = REQUIRED_COLUMNS.filter((column) =>
      column === "customer_phone" ? !customerPhone : !found.has(column),
    );
    const shown = names.slice(0, 30).map((name) => JSON.stringify(name.slice(0, 40)));
    const separatorHint =
      names.length === 1 && /[;\t|]/.test(names[0] ?? "")
        ? " The header reads as a single column: the file must be separated by commas."
        : "";
    throw new HistoryCsvError(
      `The header lacks required columns (${describeRequired(missing)}). Found columns: ${shown.join(", ")}${names.length > 30 ? ", …" : ""}.${separatorHint}`,
    );
  }
  return {
    width: header.length,
    sentAt,
    direction,
    body,
    customerPhone,
    messageId: found.get("message_id"),
    conversationId: found.get("conversation_id"),
    customerName: found.get("customer_name"),
    operator: found.get("operator"),
  };
}
