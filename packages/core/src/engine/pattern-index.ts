// The in-memory match index over every learned example, kept in step with the database.
//
// Each process holds one. It loads everything once, then before a search picks up rows that changed since its
// last look (a watermark in database time, read with an overlap so a transaction that committed late is not
// missed). Processes learn from each other through the database alone; no cluster messaging is needed.
import { and, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { queryRows, type Executor } from "@playbook/db";
import { patternExamples, patterns } from "@playbook/db/schema";
import { MatchIndex } from "../matching/match-index";
import { normalizeText } from "../text/normalize-text";

const OVERLAP_MS = 5_000;

/**
 * Distinct phrasings searched per pattern. A busy pattern gathers thousands of examples that mostly repeat each
 * other; searching them all would slow every match for no better answer. Every example is still stored.
 */
export const indexedExamplesPerPattern = 200;

export type IndexedExample = { id: string; patternId: string; text: string };

export class PatternIndex {
  private readonly index = new MatchIndex();
  // What each pattern's trigger doc holds: a row touched for another reason (its confidence, its last use) must
  // not re-index it, since every change to the index invalidates its cached weights.
  private readonly triggers = new Map<string, string>();
  // The normalised phrasings indexed for each pattern: a repeat of one adds nothing to a search.
  private readonly phrasings = new Map<string, Set<string>>();
  private watermark: Date | null = null;
  private lastRefreshAt = 0;
  private refreshing: Promise<void> | null = null;

  /** How long a refresh is trusted: searches within it use the index as it is. */
  constructor(private readonly refreshIntervalMs = 1_000) {}

  get size(): number {
    return this.index.size;
  }

  /** Brings the index up to date; concurrent callers share one refresh. */
  async refresh(executor: Executor, opts: { force?: boolean } = {}): Promise<void> {
    if (!opts.force && Date.now() - this.lastRefreshAt < this.refreshIntervalMs) return;
    this.refreshing ??= this.load(executor).finally(() => {
      this.refreshing = null;
    });
    await this.refreshing;
  }

  private async load(executor: Executor): Promise<void> {
    const [clock] = await queryRows<{ now: Date | string }>(executor, sql`select now() as now`);
    if (!clock) throw new Error("select now() returned no row");
    const since = this.watermark ? new Date(this.watermark.getTime() - OVERLAP_MS) : null;

    const changedPatterns = await executor
      .select({ id: patterns.id, triggerText: patterns.triggerText, deletedAt: patterns.deletedAt })
      .from(patterns)
      .where(since ? gt(patterns.updatedAt, since) : isNull(patterns.deletedAt));
    // A restored pattern was removed from the index: its old examples must come back with it.
    const restored: string[] = [];
    for (const row of changedPatterns) {
      if (row.deletedAt) {
        if (this.triggers.has(row.id)) this.removePattern(row.id);
        continue;
      }
      const known = this.triggers.get(row.id);
      if (since && known === undefined) restored.push(row.id);
      if (known !== row.triggerText) this.addTrigger(row.id, row.triggerText);
    }

    const examples = await executor
      .select({
        id: patternExamples.id,
        patternId: patternExamples.patternId,
        text: patternExamples.customerText,
      })
      .from(patternExamples)
      .innerJoin(patterns, sql`${patterns.id} = ${patternExamples.patternId}`)
      .where(
        since
          ? and(
              isNull(patterns.deletedAt),
              restored.length > 0
                ? or(
                    gt(patternExamples.createdAt, since),
                    inArray(patternExamples.patternId, restored),
                  )
                : gt(patternExamples.createdAt, since),
            )
          : isNull(patterns.deletedAt),
      );
    // The overlap window reads recent examples again; they are already in.
    for (const example of examples) this.addExample(example);

    this.watermark = new Date(clock.now);
    this.lastRefreshAt = Date.now();
  }

  /** Adds what this process just learned, so its next search sees it without waiting for a refresh. */
  addExample(example: IndexedExample): void {
    if (this.index.has(example.id)) return;
    let seen = this.phrasings.get(example.patternId);
    if (seen === undefined) {
      seen = new Set();
      this.phrasings.set(example.patternId, seen);
    }
    const phrasing = normalizeText(example.text);
    if (seen.has(phrasing) || seen.size >= indexedExamplesPerPattern) return;
    seen.add(phrasing);
    this.index.add(example);
  }

  addTrigger(patternId: string, triggerText: string): void {
    this.triggers.set(patternId, triggerText);
    this.index.add({ id: `trigger:${patternId}`, patternId, text: triggerText });
  }

  removeExample(exampleId: string): void {
    const doc = this.index.get(exampleId);
    if (!doc) return;
    this.phrasings.get(doc.patternId)?.delete(normalizeText(doc.text));
    this.index.remove(exampleId);
  }

  removePattern(patternId: string): void {
    this.triggers.delete(patternId);
    this.phrasings.delete(patternId);
    this.index.removePattern(patternId);
  }

  search(text: string, limit = 5) {
    return this.index.search(text, { limit });
  }
}
