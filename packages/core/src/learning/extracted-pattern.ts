// What an extractor (local or OpenAI) makes of one customer question and the operator's reply.
import { z } from "zod";
import { patternTypes } from "@playbook/db/schema";
import { checkedTemplateText, templateVariables } from "./check-template";

export { templateVariables, type TemplateVariable } from "./check-template";

export const ZPatternAction = z.object({
  kind: z.string().min(1).max(60),
  params: z.record(z.string(), checkedTemplateText(z.string())),
});

export const ZExtractedPattern = z.object({
  type: z.enum(patternTypes),
  /** The customer's question, PII-masked and with variables, as the pattern's trigger. */
  triggerText: checkedTemplateText(z.string().min(1).max(2000)),
  triggerKeywords: z.array(z.string().min(1).max(60)).max(12),
  /** The reply with `{{variable}}` placeholders where values vary. */
  responseTemplate: checkedTemplateText(z.string().min(1).max(1600)),
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
