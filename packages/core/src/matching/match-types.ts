// What the match index takes and answers: its documents, search options and results.
/** One text that stands for a pattern: an example (id = example id) or its trigger (id = `trigger:<patternId>`). */
export type MatchDoc = { id: string; patternId: string; text: string };

export type MatchCandidate = {
  patternId: string;
  /** Cosine similarity in [0, 1] of the message and the pattern's closest text. */
  score: number;
  docId: string;
  docText: string;
};

export type MatchResult = {
  /** Best first; equal scores ordered by patternId. */
  candidates: MatchCandidate[];
  topScore: number;
  /** Top score minus the second pattern's score; the top score itself when only one pattern matched. */
  margin: number;
};

export type MatchSearchOptions = {
  /** How many candidates to return (default 5). topScore and margin never depend on it. */
  limit?: number;
  /** Patterns for which this returns false are never candidates (nor the runner-up in the margin). */
  filter?: (patternId: string) => boolean;
  /** Only these patterns can be candidates (and the runner-up in the margin): their docs alone are scored. */
  only?: Iterable<string>;
};

export const defaultMatchLimit = 5;
