// Seeds a benchmark database with N learned patterns (3 examples each) from the synthetic corpus, as the reply-engine
// and webhook benchmarks measure the product with a realistic match index behind the webhook.
import { textSignature } from "@playbook/core";
import { buildSyntheticCorpus } from "@playbook/core/testing";
import type { Database } from "@playbook/db";
import { patternExamples, patterns } from "@playbook/db/schema";

/** The corpus the patterns are made from: its examples are what customers write in the benchmarks. */
export const patternCorpus = (count: number) => buildSyntheticCorpus(count, 3, 42);

/** Inserts the corpus's patterns and examples; returns the seconds it took. */
export async function seedPatterns(
  database: Database,
  count: number,
  corpus: ReturnType<typeof patternCorpus> = patternCorpus(count),
) {
  const started = performance.now();
  const BATCH = 500;
  for (let offset = 0; offset < corpus.length; offset += BATCH) {
    const slice = corpus.slice(offset, offset + BATCH);
    const rows = await database.db
      .insert(patterns)
      .values(
        slice.map((entry, i) => {
          const triggerText = entry.examples[0] ?? "question";
          // Each pattern says its own answer, as learned patterns do (answers alike but for a number would have
          // been learned as one pattern, and the merge check would compare every pair of them).
          const responseTemplate = `About ${triggerText.toLowerCase().replace(/[?.!\s]+$/, "")}: answer ${offset + i}.`;
          return {
            type: "general" as const,
            signature: textSignature(triggerText),
            triggerText,
            responseTemplate,
            responseSignature: textSignature(responseTemplate),
            confidence: 0.5 + ((offset + i) % 40) / 100,
            createdFrom: "imported" as const,
          };
        }),
      )
      .returning({ id: patterns.id });
    await database.db.insert(patternExamples).values(
      rows.flatMap((row, i) =>
        (slice[i]?.examples ?? []).map((text) => ({
          patternId: row.id,
          customerText: text,
          replyText: "answer",
          source: "imported" as const,
        })),
      ),
    );
  }
  return (performance.now() - started) / 1000;
}
