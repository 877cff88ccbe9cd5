// Seeds a benchmark database with N learned patterns (3 examples each) from the synthetic corpus, as the reply-engine
// and webhook benchmarks measure the product with a realistic match index behind the webhook.
import { buildSyntheticCorpus, insertCorpusPatterns } from "@playbook/core/testing";
import type { Database } from "@playbook/db";

/** The corpus the patterns are made from: its examples are what customers write in the benchmarks. */
export const patternCorpus = (count: number) => buildSyntheticCorpus(count, 3, 42);

/** Inserts the corpus's patterns and examples; returns the seconds it took. */
export async function seedPatterns(
  database: Database,
  count: number,
  corpus: ReturnType<typeof patternCorpus> = patternCorpus(count),
) {
  const started = performance.now();
  await insertCorpusPatterns(database.db, corpus);
  return (performance.now() - started) / 1000;
}
