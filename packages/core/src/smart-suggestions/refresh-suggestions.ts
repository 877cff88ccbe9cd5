// Keeps the table of suggestions in step with what the traffic shows: new findings open a suggestion, findings
// that no longer hold withdraw theirs ("expired"), and what the admin applied or dismissed is not suggested again
// for four weeks.
import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "@playbook/db";
import { smartSuggestions } from "@playbook/db/schema";
import { getSettings } from "../settings/settings";
import { findSuggestions, type Finding } from "./find-suggestions";

const DAY_MS = 86_400_000;
/** How long an applied or dismissed suggestion keeps the same finding from coming back. */
export const quietDays = 28;

export type RefreshResult = { found: number; opened: number; updated: number; expired: number };

export async function refreshSmartSuggestions(db: Db, now: Date): Promise<RefreshResult> {
  const { timezone } = await getSettings(db);
  const findings = await findSuggestions(db, now, timezone);
  return db.transaction(async (tx) => {
    const quietSince = new Date(now.getTime() - quietDays * DAY_MS);
    const resolved = await tx
      .select({ key: smartSuggestions.key })
      .from(smartSuggestions)
      .where(
        and(
          inArray(smartSuggestions.state, ["applied", "dismissed"]),
          gt(smartSuggestions.resolvedAt, quietSince),
        ),
      );
    const quiet = new Set(resolved.map((row) => row.key));
    const open = await tx
      .select({ id: smartSuggestions.id, key: smartSuggestions.key })
      .from(smartSuggestions)
      .where(eq(smartSuggestions.state, "open"))
      .for("update");
    const openKeys = new Set(open.map((row) => row.key));
    const wanted = findings.filter((finding) => !quiet.has(finding.key));
    const wantedKeys = new Set(wanted.map((finding) => finding.key));

    let opened = 0;
    let updated = 0;
    for (const finding of wanted) {
      if (openKeys.has(finding.key)) {
        await tx
          .update(smartSuggestions)
          .set({ title: finding.title, evidence: finding.evidence, patternIds: finding.patternIds })
          .where(and(eq(smartSuggestions.key, finding.key), eq(smartSuggestions.state, "open")));
        updated += 1;
      } else {
        // Another run may have opened it since this one read: the open-key index keeps one.
        const inserted = await tx
          .insert(smartSuggestions)
          .values(row(finding))
          .onConflictDoNothing()
          .returning({ id: smartSuggestions.id });
        opened += inserted.length;
      }
    }
    const gone = open.filter((row) => !wantedKeys.has(row.key)).map((row) => row.id);
    if (gone.length > 0) {
      await tx
        .update(smartSuggestions)
        .set({ state: "expired", resolvedAt: now })
        .where(and(inArray(smartSuggestions.id, gone), eq(smartSuggestions.state, "open")));
    }
    return { found: findings.length, opened, updated, expired: gone.length };
  });
}

const row = (finding: Finding) => ({
  kind: finding.kind,
  key: finding.key,
  patternIds: finding.patternIds,
  title: finding.title,
  evidence: finding.evidence,
});

export const ZListSmartSuggestions = z.object({
  state: z.enum(["open", "applied", "dismissed", "expired"]).default("open"),
  patternId: z.uuid().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type TListSmartSuggestions = z.input<typeof ZListSmartSuggestions>;

export async function listSmartSuggestions(executor: Executor, request: TListSmartSuggestions) {
  const input = ZListSmartSuggestions.parse(request);
  return executor
    .select()
    .from(smartSuggestions)
    .where(
      and(
        eq(smartSuggestions.state, input.state),
        input.patternId
          ? sql`${input.patternId}::uuid = any(${smartSuggestions.patternIds})`
          : undefined,
      ),
    )
    .orderBy(desc(smartSuggestions.createdAt), desc(smartSuggestions.id))
    .limit(input.limit);
}
export type SmartSuggestion = Awaited<ReturnType<typeof listSmartSuggestions>>[number];
