// The patterns page opens its "new pattern" form from the URL, so the inbox can send an operator there with a
// customer's question and a reply already filled in.
export function createPatternLink(prefill: { question: string; reply: string }): string {
  const params = new URLSearchParams({ create: "1" });
  if (prefill.question) params.set("question", prefill.question);
  if (prefill.reply) params.set("reply", prefill.reply);
  return `/patterns?${params.toString()}`;
}

/** The form's starting values when the URL asks for it, else null. */
export function readCreatePatternLink(
  params: URLSearchParams,
): { question: string; reply: string } | null {
  if (params.get("create") !== "1") return null;
  return { question: params.get("question") ?? "", reply: params.get("reply") ?? "" };
}
