// Exports patterns (picked by id or by the list's filters) with their versions and examples, personal data
// masked, as the JSON file another installation imports. Audited: it carries the business's know-how.
import { asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@playbook/db";
import {
  customers,
  messages,
  patternExamples,
  patternVersions,
  type PatternSnapshot,
} from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { maskPii, piiKinds } from "../learning/mask-pii";
import { templatizeText } from "../learning/templatize-reply";
import { ZPatternFilter } from "./list-patterns";
import { parseRequest } from "./parse-request";
import { snapshotOf } from "./pattern-fields";
import { selectPatterns } from "./select-patterns";
import {
  PATTERN_EXPORT_FORMAT,
  PATTERN_EXPORT_MAX,
  PATTERN_EXPORT_VERSION,
  type PatternExport,
} from "./pattern-export-format";

export const ZExportPatternsRequest = z
  .object({
    ids: z.array(z.uuid()).min(1).max(PATTERN_EXPORT_MAX).optional(),
    filter: ZPatternFilter.optional(),
  })
  .refine((input) => input.ids === undefined || input.filter === undefined, {
    message: "Give ids or a filter, not both",
    path: ["ids"],
  });
export type TExportPatternsRequest = z.input<typeof ZExportPatternsRequest>;

const mask = (text: string) => maskPii(text).text;
const maskSnapshot = (snapshot: PatternSnapshot): PatternSnapshot => ({
  ...snapshot,
  triggerText: mask(snapshot.triggerText),
  responseTemplate: mask(snapshot.responseTemplate),
  notes: snapshot.notes === null ? null : mask(snapshot.notes),
});
// Defaults never hold personal data, but business-constant candidates name the customer who gave them.
const personal: ReadonlySet<string> = new Set(["customer_name", ...piiKinds]);
const shareableDefaults = (defaults: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(defaults).filter(([name]) => !personal.has(name) && !name.includes(":")),
  );

export async function exportPatterns(
  db: Db,
  request: TExportPatternsRequest,
  actor: Actor,
): Promise<PatternExport> {
  const input = parseRequest(ZExportPatternsRequest, request);
  return db.transaction(async (tx) => {
    const rows = await selectPatterns(tx, input, PATTERN_EXPORT_MAX, false);
    const ids = rows.map((row) => row.id);
    const [versions, examples] = await Promise.all([
      tx
        .select()
        .from(patternVersions)
        .where(inArray(patternVersions.patternId, ids))
        .orderBy(asc(patternVersions.version)),
      tx
        .select({ example: patternExamples, customerName: customers.name })
        .from(patternExamples)
        .leftJoin(messages, eq(messages.id, patternExamples.inboundMessageId))
        .leftJoin(customers, eq(customers.id, messages.customerId))
        .where(inArray(patternExamples.patternId, ids))
        .orderBy(asc(patternExamples.createdAt), asc(patternExamples.id)),
    ]);
    const group = <T>(items: T[], patternId: (item: T) => string) => {
      const byPattern = new Map<string, T[]>();
      for (const item of items) {
        const key = patternId(item);
        byPattern.set(key, [...(byPattern.get(key) ?? []), item]);
      }
      return byPattern;
    };
    const versionsOf = group(versions, (v) => v.patternId);
    const examplesOf = group(examples, (e) => e.example.patternId);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "pattern.export",
      targetType: "pattern",
      details: { ids, count: ids.length },
      ip: actor.ip,
    });
    return {
      format: PATTERN_EXPORT_FORMAT,
      formatVersion: PATTERN_EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      patterns: rows.map((row) => ({
        key: row.importKey ?? row.id,
        ...maskSnapshot(snapshotOf(row)),
        variableDefaults: shareableDefaults(row.variableDefaults),
        confidence: row.confidence,
        version: row.version,
        versions: (versionsOf.get(row.id) ?? []).map((v) => ({
          version: v.version,
          snapshot: maskSnapshot(v.snapshot),
          changeReason: v.changeReason,
          createdAt: v.createdAt.toISOString(),
        })),
        // The customer's name, where known, goes the way learning takes it out of a reply.
        examples: (examplesOf.get(row.id) ?? []).map(({ example, customerName }) => ({
          customerText: templatizeText(example.customerText, { customerName }).template,
          replyText: templatizeText(example.replyText, { customerName }).template,
          source: example.source,
          isGoldStandard: example.isGoldStandard,
          qualityScore: example.qualityScore,
        })),
      })),
    };
  });
}
