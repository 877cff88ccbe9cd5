// The editable fields of a pattern: their request schemas and the snapshot stored with each version.
import { z } from "zod";
import { patternTypes, type PatternSnapshot, type patterns } from "@playbook/db/schema";
import { checkedTemplateText } from "../learning/check-template";
import { ZPatternAction } from "../learning/extracted-pattern";
import { normalizeText } from "../text/normalize-text";
import { parseReplyTemplate } from "./template-placeholders";

export type Pattern = typeof patterns.$inferSelect;

const unique = (values: string[]) => [...new Set(values)];

// Keywords are matched against normalised message text, so they are stored normalised too.
const keyword = z.string().max(60).transform(normalizeText).pipe(z.string().min(1));
const tag = z.string().trim().toLowerCase().min(1).max(40);

/** Each editable field as a request accepts it; no defaults here, so `.partial()` means "leave unchanged". */
export const patternFieldSchemas = {
  type: z.enum(patternTypes),
  triggerText: checkedTemplateText(z.string().trim().min(1).max(2000)),
  triggerKeywords: z.array(keyword).max(12).transform(unique),
  responseTemplate: z.string().trim().min(1).max(1600),
  actionTemplate: ZPatternAction.nullable(),
  tags: z.array(tag).max(20).transform(unique),
  // A cleared note is stored as null, not as an empty string.
  notes: z
    .string()
    .trim()
    .max(2000)
    .nullable()
    .transform((note) => (note ? note : null)),
};

/** The editable fields of a pattern (or of anything shaped like one, e.g. an exported pattern). */
export function snapshotOf(pattern: PatternSnapshot): PatternSnapshot {
  return {
    type: pattern.type,
    triggerText: pattern.triggerText,
    triggerKeywords: pattern.triggerKeywords,
    responseTemplate: pattern.responseTemplate,
    variables: pattern.variables,
    actionTemplate: pattern.actionTemplate,
    tags: pattern.tags,
    notes: pattern.notes,
  };
}

/** The snapshot with its template checked and written canonically, and its variables derived from it. */
export function withCheckedTemplate(snapshot: PatternSnapshot): PatternSnapshot {
  const { template, variables } = parseReplyTemplate(snapshot.responseTemplate);
  return { ...snapshot, responseTemplate: template, variables };
}

// JSON with object keys sorted, so two snapshots compare equal whatever order their keys were built in.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

export function sameSnapshot(a: PatternSnapshot, b: PatternSnapshot): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The snapshot fields that differ, for audit details. */
export function changedFields(before: PatternSnapshot, after: PatternSnapshot): string[] {
  return (Object.keys(after) as (keyof PatternSnapshot)[]).filter(
    (key) => canonicalJson(before[key]) !== canonicalJson(after[key]),
  );
}
