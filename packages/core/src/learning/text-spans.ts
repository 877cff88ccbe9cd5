// Non-overlapping replacements in one text: detectors claim stretches of the original in priority order.

export type TextSpan = {
  start: number;
  end: number;
  /** What the stretch was recognised as ("phone", "time", ...); text already templated is "placeholder". */
  kind: string;
  /** The value that varies (e.g. "3" of "bay 3"); recorded so callers can say what was replaced. */
  value: string;
  replacement: string;
};

/**
 * Claims `span` unless it is empty or overlaps a span claimed earlier; earlier detectors win. `spans` is kept in
 * text order, so the overlap check is a binary search, not a scan: long messages have thousands of spans.
 */
export function claimSpan(spans: TextSpan[], span: TextSpan): boolean {
  if (span.end <= span.start) return false;
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((spans[mid]?.start ?? 0) < span.start) low = mid + 1;
    else high = mid;
  }
  const before = spans[low - 1];
  const after = spans[low];
  if (before && before.end > span.start) return false;
  if (after && after.start < span.end) return false;
  spans.splice(low, 0, span);
  return true;
}

/** The spans in text order. */
export function sortSpans(spans: readonly TextSpan[]): TextSpan[] {
  return [...spans].sort((a, b) => a.start - b.start);
}

/** Builds the text with every claimed span replaced (spans must not overlap; claimSpan guarantees it). */
export function applySpans(text: string, spans: readonly TextSpan[]): string {
  let out = "";
  let at = 0;
  for (const span of sortSpans(spans)) {
    out += text.slice(at, span.start) + span.replacement;
    at = span.end;
  }
  return out + text.slice(at);
}
