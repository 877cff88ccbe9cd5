// Files a learned exchange under the pattern that gives the same answer, or makes a new inactive pattern for it.
import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "@playbook/db";
import { patternExamples, patternVersions, patterns } from "@playbook/db/schema";
import type { ExtractedPattern } from "../learning/extracted-pattern";
import type { LearnOutcome } from "./learn-exchanges";
import {
  firstPatternVersion,
  keptDefaults,
  newPatternValues,
  shareableValues,
} from "./pattern-values";
import type { ReplyEngine } from "./reply-engine";

/** Adds the exchange to the pattern whose reply says the same thing, or creates a new inactive pattern. */
export async function mergeOrCreatePattern(
  tx: Tx,
  engine: ReplyEngine,
  extracted: ExtractedPattern,
  example: {
    inboundMessageId: string | null;
    outboundMessageId: string | null;
    source: "learned" | "imported" | "manual";
    qualityScore: number;
    /** What each variable stood for in this reply. */
    variableValues: Partial<Record<string, string>>;
    /** The customer's words, PII-masked: what the match index searches. */
    customerText: string;
  },
): Promise<Extract<LearnOutcome, { state: "learned" }>> {
  const values = shareableValues(example.variableValues, extracted.variables);
  // The index knows every pattern's answer (refreshed by the caller): the one this reply says, if any. The
  // database confirms it still exists.
  const found = engine.index.answers.find(extracted.responseTemplate);
  const rows =
    found === undefined
      ? []
      : await tx
          .select({ id: patterns.id, defaults: patterns.variableDefaults })
          .from(patterns)
          .where(and(eq(patterns.id, found), isNull(patterns.deletedAt)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const match = rows[0]?.id;

  let patternId = match;
  if (!patternId) {
    const [created] = await tx
      .insert(patterns)
      .values(newPatternValues(extracted, values, example, engine.now()))
      .returning({ id: patterns.id });
    if (!created) throw new Error("pattern insert returned no row");
    patternId = created.id;
    await tx.insert(patternVersions).values(firstPatternVersion(patternId, extracted));
  } else {
    // A value that differs in this example is not a constant of the pattern after all.
    const kept = keptDefaults(byId.get(patternId)?.defaults ?? {}, values);
    await tx
      .update(patterns)
      .set({ updatedAt: engine.now(), variableDefaults: kept })
      .where(eq(patterns.id, patternId));
  }

  const [row] = await tx
    .insert(patternExamples)
    .values({
      patternId,
      customerText: example.customerText,
      replyText: extracted.responseTemplate,
      inboundMessageId: example.inboundMessageId,
      outboundMessageId: example.outboundMessageId,
      source: example.source,
      qualityScore: example.qualityScore,
    })
    .returning({ id: patternExamples.id });
  if (!row) throw new Error("example insert returned no row");
  return { state: "learned", patternId, exampleId: row.id, created: !match };
}
