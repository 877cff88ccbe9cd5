// One pattern with what explains it: its examples, confidence history, versions and recent decisions.
import { and, count, desc, eq, gte } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@playbook/db";
import {
  confidenceEvents,
  decisionModes,
  decisions,
  patternExamples,
  patterns,
  patternVersions,
} from "@playbook/db/schema";
import { notFound } from "../errors";
import { normalizeText } from "../text/normalize-text";
import { parseRequest } from "./parse-request";

export const ZGetPatternRequest = z.object({
  id: z.uuid(),
  /** How far back "recent decisions" reach. */
  recentDays: z.number().int().min(1).max(365).default(30),
});
export type TGetPatternRequest = z.input<typeof ZGetPatternRequest>;

export const PATTERN_EXAMPLES_SHOWN = 50;
export const CONFIDENCE_EVENTS_SHOWN = 100;

type DecisionMode = (typeof decisionModes)[number];

export async function getPattern(executor: Executor, request: TGetPatternRequest) {
  const input = parseRequest(ZGetPatternRequest, request);
  const [pattern] = await executor.select().from(patterns).where(eq(patterns.id, input.id));
  if (!pattern) throw notFound("Pattern");
  const since = new Date(Date.now() - input.recentDays * 24 * 60 * 60 * 1000);
  const [examples, [exampleTotal], replyTexts, confidenceHistory, versions, decisionRows] =
    await Promise.all([
      executor
        .select()
        .from(patternExamples)
        .where(eq(patternExamples.patternId, pattern.id))
        .orderBy(desc(patternExamples.createdAt), desc(patternExamples.id))
        .limit(PATTERN_EXAMPLES_SHOWN),
      executor
        .select({ n: count() })
        .from(patternExamples)
        .where(eq(patternExamples.patternId, pattern.id)),
      executor
        .selectDistinct({ replyText: patternExamples.replyText })
        .from(patternExamples)
        .where(eq(patternExamples.patternId, pattern.id)),
      executor
        .select()
        .from(confidenceEvents)
        .where(eq(confidenceEvents.patternId, pattern.id))
        .orderBy(desc(confidenceEvents.createdAt), desc(confidenceEvents.id))
        .limit(CONFIDENCE_EVENTS_SHOWN),
      executor
        .select()
        .from(patternVersions)
        .where(eq(patternVersions.patternId, pattern.id))
        .orderBy(desc(patternVersions.version)),
      executor
        .select({ mode: decisions.mode, n: count() })
        .from(decisions)
        .where(and(eq(decisions.patternId, pattern.id), gte(decisions.createdAt, since)))
        .groupBy(decisions.mode),
    ]);
  const byMode = Object.fromEntries(decisionModes.map((mode) => [mode, 0])) as Record<
    DecisionMode,
    number
  >;
  for (const row of decisionRows) byMode[row.mode] = row.n;
  return {
    pattern,
    examples: {
      items: examples,
      total: exampleTotal?.n ?? 0,
      // Replies that differ only in case or punctuation are the same answer, not an alternative.
      alternativeCount: new Set(replyTexts.map((row) => normalizeText(row.replyText))).size,
    },
    confidenceHistory,
    versions,
    recentDecisions: { since, byMode },
  };
}
