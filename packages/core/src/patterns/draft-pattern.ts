// The pattern builder's starting point: a customer question and the reply, made into a pattern the way learning
// makes one (PII masked, values turned into variables, greeting and sign-off left to the business's settings).
import { z } from "zod";
import { extractPatternLocally } from "../learning/extract-pattern-locally";
import { piiKinds } from "../learning/mask-pii";
import { templatizeText } from "../learning/templatize-reply";
import { answerOnly } from "../engine/pattern-values";
import { parseRequest } from "./parse-request";
import { parseReplyTemplate } from "./template-placeholders";

export const ZDraftPatternRequest = z.object({
  question: z.string().trim().min(1).max(2000),
  reply: z.string().trim().min(1).max(1600),
  customerName: z.string().trim().max(200).nullable().optional(),
});
export type TDraftPatternRequest = z.input<typeof ZDraftPatternRequest>;

export type FoundVariable = {
  name: string;
  /** The text of the example it replaced; null for personal data, which is never shown back. */
  value: string | null;
};

export type PatternDraft = {
  type: ReturnType<typeof extractPatternLocally>["type"];
  triggerText: string;
  triggerKeywords: string[];
  responseTemplate: string;
  /** The variables found in the reply, with what they replaced. */
  variables: FoundVariable[];
};

const personal: ReadonlySet<string> = new Set<string>(piiKinds);

/** Throws a BAD_REQUEST when either text has nothing to learn (the message says which). */
export function draftPatternFromExample(request: TDraftPatternRequest): PatternDraft {
  const input = parseRequest(ZDraftPatternRequest, request);
  const example = {
    customerText: input.question,
    replyText: input.reply,
    customerName: input.customerName ?? null,
  };
  const extracted = answerOnly(extractPatternLocally(example));
  const found = templatizeText(input.reply, { customerName: example.customerName });
  return {
    type: extracted.type,
    triggerText: extracted.triggerText,
    triggerKeywords: extracted.triggerKeywords,
    responseTemplate: extracted.responseTemplate,
    // From the answer itself: the greeting's name left with the greeting.
    variables: parseReplyTemplate(extracted.responseTemplate).variables.map((name) => ({
      name,
      value: personal.has(name) ? null : (found.values[name] ?? null),
    })),
  };
}
