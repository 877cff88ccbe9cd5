// From the exactly scored docs to the patterns they stand for: each pattern is as close as its closest doc, ties
// broken by ids so the same index always gives the same ranking.
import type { MatchCandidate, MatchResult } from "./match-types";

export type ScoredDoc = { score: number; doc: { id: string; patternId: string; text: string } };

/** The best `limit` patterns, best first, with the top score and its margin over the second pattern. */
export function rankPatterns(scored: readonly ScoredDoc[], limit: number): MatchResult {
  const best = new Map<string, ScoredDoc>();
  for (const { score, doc } of scored) {
    const current = best.get(doc.patternId);
    if (
      current === undefined ||
      score > current.score ||
      (score === current.score && doc.id < current.doc.id)
    ) {
      best.set(doc.patternId, { score, doc });
    }
  }
  const ranked: MatchCandidate[] = [...best.values()]
    .map(({ score, doc }) => ({
      patternId: doc.patternId,
      score,
      docId: doc.id,
      docText: doc.text,
    }))
    .sort(
      (a, b) =>
        b.score - a.score || (a.patternId < b.patternId ? -1 : a.patternId > b.patternId ? 1 : 0),
    );

  const first = ranked[0];
  if (first === undefined) return { candidates: [], topScore: 0, margin: 0 };
  const second = ranked[1];
  return {
    candidates: ranked.slice(0, limit),
    topScore: first.score,
    margin: second === undefined ? first.score : first.score - second.score,
  };
}
