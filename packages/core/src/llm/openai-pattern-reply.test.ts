import { describe, expect, it } from "vitest";
import { patternTypes } from "@playbook/db/schema";
import { templateVariables } from "../learning/extracted-pattern";
import { deriveFakePatternReply } from "./fake-openai-server";
import {
  ZOpenAIPatternReply,
  buildExtractionUserMessage,
  extractionSystemPrompt,
  openAIPatternReplyJsonSchema,
} from "./openai-pattern-reply";

// Keywords strict structured outputs reject or ignore; keeping them out means a schema OpenAI accepts.
const unsupportedKeywords = [
  "$schema",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "default",
  "oneOf",
  "allOf",
  "not",
  "if",
];

/** Every strict-mode rule the schema breaks, with the JSON path where. */
function findStrictModeViolations(node: unknown, path = "$"): string[] {
  if (Array.isArray(node))
    return node.flatMap((item, i) => findStrictModeViolations(item, `${path}[${i}]`));
  if (typeof node !== "object" || node === null) return [];
  const schema = node as Record<string, unknown>;
  const problems = unsupportedKeywords
    .filter((keyword) => keyword in schema)
    .map((keyword) => `${path}: ${keyword}`);
  if (schema.type === "object") {
    const properties = Object.keys(schema.properties ?? {});
    if (schema.additionalProperties !== false) problems.push(`${path}: additionalProperties`);
    const required = (schema.required ?? []) as string[];
    if ([...required].sort().join() !== [...properties].sort().join()) {
      problems.push(`${path}: required`);
    }
  }
  for (const [key, value] of Object.entries(schema)) {
    problems.push(...findStrictModeViolations(value, `${path}.${key}`));
  }
  return problems;
}

describe("openAIPatternReplyJsonSchema", () => {
  it("meets OpenAI's strict-mode rules", () => {
    expect(openAIPatternReplyJsonSchema.type).toBe("object");
    expect(findStrictModeViolations(openAIPatternReplyJsonSchema)).toEqual([]);
  });

  it("the checker itself catches an optional property and an open object", () => {
    const loose = {
      type: "object",
      properties: { a: { type: "string", minLength: 1 }, b: { type: "object", properties: {} } },
      required: ["a"],
    };
    expect(findStrictModeViolations(loose)).toEqual([
      "$: additionalProperties",
      "$: required",
      "$.properties.a: minLength",
      "$.properties.b: additionalProperties",
    ]);
  });

  it("offers exactly the pattern types and a nullable action", () => {
    const properties = openAIPatternReplyJsonSchema.properties as Record<
      string,
      Record<string, unknown>
    >;
    expect(properties.type?.enum).toEqual([...patternTypes]);
    const branches = properties.actionTemplate?.anyOf as { type: string }[];
    expect(branches.map((branch) => branch.type)).toEqual(["object", "null"]);
  });
});

describe("extractionSystemPrompt", () => {
  it("names every pattern type and every template variable", () => {
    for (const type of patternTypes) expect(extractionSystemPrompt).toContain(`- ${type}:`);
    for (const name of templateVariables) expect(extractionSystemPrompt).toContain(`{{${name}}}`);
  });
});

describe("buildExtractionUserMessage", () => {
  it("sends both texts as JSON and leaves the customer's name out", () => {
    const message = buildExtractionUserMessage({
      customerText: 'Is the "big" bay free?\nThanks',
      replyText: "Yes {{customer_name}}",
      customerName: "Sarah Connor",
    });
    expect(JSON.parse(message)).toEqual({
      customerMessage: 'Is the "big" bay free?\nThanks',
      operatorReply: "Yes {{customer_name}}",
    });
    expect(message).not.toContain("Sarah");
  });
});

describe("ZOpenAIPatternReply", () => {
  it("accepts what the fake server answers and rejects an unknown type", () => {
    const reply = deriveFakePatternReply("Can I book bay {{bay_number}}?", "Sure, booked.");
    expect(ZOpenAIPatternReply.parse(reply).type).toBe("booking");
    expect(ZOpenAIPatternReply.safeParse({ ...reply, type: "banana" }).success).toBe(false);
    expect(ZOpenAIPatternReply.safeParse({ ...reply, extra: 1 }).success).toBe(true);
  });
});
