// Learned patterns written straight into a database from a synthetic corpus, for tests and benchmarks that need
// many patterns behind the engine without learning them first.
import type { Executor } from "@playbook/db";
import { patternExamples, patterns } from "@playbook/db/schema";
import { textSignature } from "../text/normalize-text";
import type { SyntheticPattern } from "./synthetic-corpus";

const BATCH = 500;

/**
 * Inserts each corpus entry as a pattern with the entry's phrasings as its examples. Each pattern says its own
 * answer, as learned patterns do (answers alike but for a number would have been learned as one pattern).
 * `firstNumber` numbers the answers on from an earlier call.
 */
export async function insertCorpusPatterns(
  executor: Executor,
  corpus: readonly SyntheticPattern[],
  opts: { firstNumber?: number } = {},
): Promise<void> {
  const first = opts.firstNumber ?? 0;
  for (let offset = 0; offset < corpus.length; offset += BATCH) {
    const slice = corpus.slice(offset, offset + BATCH);
    const rows = await executor
      .insert(patterns)
      .values(
        slice.map((entry, i) => {
          const number = first + offset + i;
          const triggerText = entry.examples[0] ?? `question ${number}`;
          const responseTemplate = `About ${triggerText.toLowerCase().replace(/[?.!\s]+$/, "")}: answer ${number}.`;
          return {
            type: "general" as const,
            signature: textSignature(triggerText),
            triggerText,
            responseTemplate,
            responseSignature: textSignature(responseTemplate),
            confidence: 0.5 + (number % 40) / 100,
            createdFrom: "imported" as const,
          };
        }),
      )
      .returning({ id: patterns.id });
    const examples = rows.flatMap((row, i) =>
      (slice[i]?.examples ?? []).map((text) => ({
        patternId: row.id,
        customerText: text,
        replyText: "answer",
        source: "imported" as const,
      })),
    );
    if (examples.length > 0) await executor.insert(patternExamples).values(examples);
  }
}
