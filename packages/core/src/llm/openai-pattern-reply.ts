// The answer OpenAI is asked for when extracting a pattern: its zod schema, the strict JSON schema sent, the prompt.
import { z } from "zod";
import { patternTypes } from "@playbook/db/schema";
import { templateVariables, type ExchangeInput } from "../learning/extracted-pattern";

/**
 * `ExtractedPattern` in a shape strict structured outputs accept: no free-form maps (action params are
 * name/value pairs) and no length limits (ZExtractedPattern checks those after). `variables` is not asked for:
 * it is read from the template itself, so the two cannot disagree.
 */
export const ZOpenAIPatternReply = z.object({
  type: z.enum(patternTypes),
  triggerText: z.string(),
  triggerKeywords: z.array(z.string()),
  responseTemplate: z.string(),
  actionTemplate: z
    .object({
      kind: z.string(),
      params: z.array(z.object({ name: z.string(), value: z.string() })),
    })
    .nullable(),
});
export type OpenAIPatternReply = z.infer<typeof ZOpenAIPatternReply>;

/**
 * The JSON schema sent with `strict: true`. zod's output-mode conversion already gives what strict mode needs:
 * every property required, `additionalProperties: false` on every object, null as an `anyOf` branch.
 * Only the `$schema` marker is dropped; OpenAI wants a bare schema.
 */
export const openAIPatternReplyJsonSchema: Record<string, unknown> = (() => {
  const { $schema: _marker, ...schema } = z.toJSONSchema(ZOpenAIPatternReply);
  return schema;
})();

const patternTypeMeanings: Record<(typeof patternTypes)[number], string> = {
  booking: "making, moving or cancelling a reservation",
  tech_issue: "something in the venue or a device does not work",
  access: "getting in: door codes, entry, keys",
  faq: "a general question about the business",
  gift_cards: "buying, using or checking gift cards",
  hours: "opening hours",
  pricing: "prices, rates, fees",
  membership: "memberships and their benefits",
  feedback: "praise or complaints",
  general: "anything else",
};

const variableMeanings: Record<(typeof templateVariables)[number], string> = {
  customer_name: "the customer's name",
  bay_number: "a bay, room or station number",
  time: "a time of day",
  date: "a date or day",
  location: "a place or branch",
  code: "an access, door or confirmation code",
  amount: "an amount of money",
  phone: "a phone number",
  email: "an email address",
  card_number: "a card number",
  url: "a link",
};

export const extractionSystemPrompt = [
  "You turn one SMS exchange between a customer and a business into a reusable reply pattern.",
  'The user message is JSON: {"customerMessage": string, "operatorReply": string}. Personal data in both has',
  "already been replaced by {{placeholders}}; keep every placeholder exactly as written.",
  "",
  "Answer with:",
  "- type: what the customer wants, one of:",
  ...patternTypes.map((type) => `  - ${type}: ${patternTypeMeanings[type]}`),
  "- triggerText: the customer's question, short and general, with values that vary replaced by placeholders.",
  "- triggerKeywords: up to 8 lower-case words or short phrases that identify this kind of question",
  "  (no greetings, names, numbers or placeholders).",
  "- responseTemplate: the operator's reply as a template for the next customer who asks the same thing.",
  "  Keep its wording and tone. Replace values that would differ for another customer (a name, a time, a code...)",
  "  by placeholders, using only these names:",
  ...templateVariables.map((name) => `  - {{${name}}}: ${variableMeanings[name]}`),
  "  Never write a phone number, email address, card number, code, price, link or name that is not in the",
  "  exchange; use the placeholder instead.",
  '- actionTemplate: if the reply means the business has to do something (kind such as "create_booking",',
  '  "send_access_code", "issue_refund"), its kind and params as name/value pairs (values may be placeholders);',
  "  otherwise null.",
].join("\n");

/** The user message: the exchange as JSON, so quotes or line breaks in an SMS cannot blur the two texts. */
export function buildExtractionUserMessage(input: ExchangeInput): string {
  return JSON.stringify({ customerMessage: input.customerText, operatorReply: input.replyText });
}
