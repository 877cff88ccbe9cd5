// Writes the message history stored in the database (imported and live, without what Playbook sent itself) as a
// history CSV, so a replay of "the history" goes through the same reader and replay as an uploaded file.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { stringify } from "csv-stringify";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@playbook/db";
import { customers, messages } from "@playbook/db/schema";
import { historyColumnAliases } from "./history-csv-layout";
import { ReplayCancelledError } from "./replay-runner";

const PAGE = 5_000;

interface ExportedMessage {
  id: string;
  providerMessageId: string | null;
  conversationId: string;
  sentAt: Date;
  direction: "inbound" | "outbound";
  phone: string;
  name: string | null;
  operator: string | null;
  body: string;
}
// The reader's own column names, in its order.
const HEADER = Object.keys(historyColumnAliases);

export async function exportHistoryCsv(
  db: Db,
  filePath: string,
  opts: { signal?: AbortSignal; onProgress?: (rows: number) => void } = {},
): Promise<{ rows: number }> {
  const out = createWriteStream(filePath);
  const csv = stringify({ header: true, columns: HEADER });
  csv.pipe(out);
  let rows = 0;
  let after: { sentAt: Date; id: string } | null = null;
  try {
    for (;;) {
      if (opts.signal?.aborted) throw new ReplayCancelledError("The replay was cancelled.");
      const page: ExportedMessage[] = await db
        .select({
          id: messages.id,
          providerMessageId: messages.providerMessageId,
          conversationId: messages.conversationId,
          sentAt: messages.sentAt,
          direction: messages.direction,
          phone: customers.phone,
          name: customers.name,
          operator: messages.operatorName,
          body: messages.body,
        })
        .from(messages)
        .innerJoin(customers, eq(customers.id, messages.customerId))
        .where(
          and(
            eq(messages.sentByPlaybook, false),
            after
              ? sql`(${messages.sentAt}, ${messages.id}) > (${after.sentAt.toISOString()}::timestamptz, ${after.id}::uuid)`
              : undefined,
          ),
        )
        .orderBy(asc(messages.sentAt), asc(messages.id))
        .limit(PAGE);
      for (const m of page) {
        const record = [
          m.providerMessageId ?? m.id,
          m.conversationId,
          m.sentAt.toISOString(),
          m.direction,
          m.phone,
          m.name ?? "",
          m.operator ?? "",
          m.body,
        ];
        if (!csv.write(record)) await once(csv, "drain");
      }
      rows += page.length;
      opts.onProgress?.(rows);
      const last = page[page.length - 1];
      if (!last || page.length < PAGE) break;
      after = { sentAt: last.sentAt, id: last.id };
    }
    csv.end();
    await once(out, "finish");
    return { rows };
  } catch (error) {
    csv.destroy();
    out.destroy();
    throw error;
  }
}
