// The pattern builder opens prefilled from the URL, so the inbox can send an operator there with a customer's
// question and a reply already filled in ("make a pattern from this").
export function createPatternLink(prefill: { question: string; reply: string }): string {
  const params = new URLSearchParams();
  if (prefill.question) params.set("question", prefill.question);
  if (prefill.reply) params.set("reply", prefill.reply);
  const query = params.toString();
  return query ? `/patterns/new?${query}` : "/patterns/new";
}

/** The builder's example, as the URL gives it (empty when it gives none). */
export function readCreatePatternLink(params: URLSearchParams): {
  question: string;
  reply: string;
} {
  return { question: params.get("question") ?? "", reply: params.get("reply") ?? "" };
}
