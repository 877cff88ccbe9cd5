// What an extractor (local or OpenAI) makes of one customer question and the operator's reply.
import { z } from "zod";
import { patternTypes } from "@playbook/db/schema";

/** Template variables Playbook knows how to name. `{{name}}` in a template refers to one of these. */
export const templateVariables = [
  "customer_name",
  "bay_number",
  "time",
  "date",
  "location",
  "code",
  "amount",
  "phone",
  "email",
  "card_number",
  "url",
] as const;
export type TemplateVariable = (typeof templateVariables)[number];

export const ZPatternAction = z.object({
  kind: z.string().min(1).max(60),
  params: z.record(z.string(), z.string()),
});

export const ZExtractedPattern = z.object({
  type: z.enum(patternTypes),
  /** The customer's question, PII-masked and with variables, as the pattern's trigger. */
  triggerText: z.string().min(1).max(2000),
  triggerKeywords: z.array(z.string().min(1).max(60)).max(12),
  /** The reply with `{{variable}}` placeholders where values vary. */
  responseTemplate: z.string().min(1).max(1600),
  variables: z.array(z.enum(templateVariables)),
  actionTemplate: ZPatternAction.nullable(),
});
export type ExtractedPattern = z.infer<typeof ZExtractedPattern>;

/** One customer → operator exchange as the extractors see it: texts already PII-masked. */
export type ExchangeInput = {
  customerText: string;
  replyText: string;
  customerName?: string | null;
};
