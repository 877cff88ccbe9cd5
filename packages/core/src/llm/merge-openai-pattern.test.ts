import { describe, expect, it } from "vitest";
import type { ExchangeInput, ExtractedPattern } from "../learning/extracted-pattern";
import { findUnsupportedSensitiveText, mergeOpenAIPattern } from "./merge-openai-pattern";
import type { OpenAIPatternReply } from "./openai-pattern-reply";

const input: ExchangeInput = {
  customerText: "Hi, can I book bay {{bay_number}} at {{time}} tomorrow? Call me on {{phone}}",
  replyText: "Hi {{customer_name}}, bay {{bay_number}} is yours at {{time}}. Door code 4821.",
};

const local: ExtractedPattern = {
  type: "booking",
  triggerText: "can I book bay {{bay_number}} at {{time}}",
  triggerKeywords: ["book", "bay"],
  responseTemplate:
    "Hi {{customer_name}}, bay {{bay_number}} is yours at {{time}}. Door code {{code}}.",
  variables: ["customer_name", "bay_number", "time", "code"],
  actionTemplate: { kind: "create_booking", params: { bay: "{{bay_number}}" } },
};

const reply: OpenAIPatternReply = {
  type: "booking",
  triggerText: "Can I book bay {{bay_number}} at {{time}}?",
  triggerKeywords: ["Book", "bay", "book", "  reserve  "],
  responseTemplate:
    "Hi {{customer_name}}, bay {{bay_number}} is yours at {{time}} on {{date}}. Door code {{code}}.",
  actionTemplate: null,
};

function mergeError(changes: Partial<OpenAIPatternReply>, localPattern = local): string {
  const result = mergeOpenAIPattern({ ...reply, ...changes }, localPattern, input);
  if (result.ok) throw new Error("expected the merge to be rejected");
  return result.reason;
}

describe("mergeOpenAIPattern", () => {
  it("takes OpenAI's reading, cleans keywords and reads variables from the template", () => {
    const result = mergeOpenAIPattern(reply, local, input);
    expect(result).toEqual({
      ok: true,
      pattern: {
        type: "booking",
        triggerText: "Can I book bay {{bay_number}} at {{time}}?",
        triggerKeywords: ["book", "bay", "reserve"],
        responseTemplate: reply.responseTemplate,
        variables: ["customer_name", "bay_number", "time", "date", "code"],
        // OpenAI saw no action; the local one is kept.
        actionTemplate: local.actionTemplate,
      },
    });
  });

  it("uses OpenAI's action, params as a record", () => {
    const result = mergeOpenAIPattern(
      {
        ...reply,
        actionTemplate: {
          kind: " create_booking ",
          params: [
            { name: "bay", value: "{{ bay_number }}" },
            { name: "time", value: "{{time}}" },
          ],
        },
      },
      local,
      input,
    );
    expect(result.ok && result.pattern.actionTemplate).toEqual({
      kind: "create_booking",
      params: { bay: "{{bay_number}}", time: "{{time}}" },
    });
  });

  it("falls back to the local keywords when OpenAI gives none that survive cleaning", () => {
    const result = mergeOpenAIPattern(
      { ...reply, triggerKeywords: [" ", "{{time}}"] },
      local,
      input,
    );
    expect(result.ok && result.pattern.triggerKeywords).toEqual(["book", "bay"]);
  });

  it("keeps at most 12 keywords", () => {
    const many = Array.from({ length: 20 }, (_, i) => `word${String.fromCharCode(97 + i)}`);
    const result = mergeOpenAIPattern({ ...reply, triggerKeywords: many }, local, input);
    expect(result.ok && result.pattern.triggerKeywords).toHaveLength(12);
  });

  it("normalises spaced placeholders", () => {
    const result = mergeOpenAIPattern(
      {
        ...reply,
        responseTemplate: "Hi {{ customer_name }}, bay {{bay_number}} at {{time}}, code {{code}}",
      },
      local,
      input,
    );
    expect(result.ok && result.pattern.responseTemplate).toBe(
      "Hi {{customer_name}}, bay {{bay_number}} at {{time}}, code {{code}}",
    );
  });

  it("rejects a template that drops a placeholder the local extractor found", () => {
    expect(
      mergeError({
        responseTemplate: "Hi {{customer_name}}, bay {{bay_number}} at {{time}}. Door code 4821.",
      }),
    ).toBe("responseTemplate drops {{code}}");
  });

  it("rejects a template that drops a mask of the reply even if the local one missed it", () => {
    const localWithoutName = {
      ...local,
      responseTemplate: "Bay {{bay_number}} at {{time}}, code {{code}}",
    };
    expect(
      mergeError(
        { responseTemplate: "Hi there, bay {{bay_number}} at {{time}}, code {{code}}" },
        localWithoutName,
      ),
    ).toBe("responseTemplate drops {{customer_name}}");
  });

  it("rejects unknown and malformed placeholders", () => {
    expect(mergeError({ triggerText: "Book for {{first_name}}" })).toMatch(
      /^triggerText: Unknown template variable \{\{first_name\}\}/,
    );
    expect(mergeError({ responseTemplate: `${reply.responseTemplate} {{customer name}}` })).toMatch(
      /^responseTemplate: Unknown template variable \{\{customer name\}\}/,
    );
    expect(mergeError({ responseTemplate: `${reply.responseTemplate} {{time` })).toMatch(
      /^responseTemplate: The template has unmatched/,
    );
    expect(
      mergeError({
        actionTemplate: { kind: "create_booking", params: [{ name: "who", value: "{{guest}}" }] },
      }),
    ).toMatch(/^actionTemplate: Unknown template variable \{\{guest\}\}/);
  });

  it("rejects a phone number, email, card number, code or link the exchange does not contain", () => {
    const unsafe = [
      { responseTemplate: `${reply.responseTemplate} Call 555-123-4567.` },
      { responseTemplate: `${reply.responseTemplate} Mail bob@example.com` },
      { responseTemplate: `${reply.responseTemplate} Card 4111 1111 1111 1111` },
      { responseTemplate: reply.responseTemplate.replace("{{code}}", "{{code}} or 9917") },
      { responseTemplate: `${reply.responseTemplate} See https://evil.example/pay` },
      { triggerKeywords: ["book", "555 0199 22"] },
      { actionTemplate: { kind: "send_code", params: [{ name: "code", value: "7734" }] } },
    ];
    for (const changes of unsafe) {
      const reason = mergeError(changes);
      expect(reason).toMatch(/^adds 1 phone\/email\/card\/code\/link not in the exchange$/);
    }
  });

  it("allows numbers the exchange itself contains, and short numbers and times", () => {
    const result = mergeOpenAIPattern(
      {
        ...reply,
        responseTemplate: `${reply.responseTemplate} Old code was 4821. Open 9 to 10:30.`,
      },
      local,
      input,
    );
    expect(result.ok).toBe(true);
  });

  it("rejects what ZExtractedPattern rejects, naming the field", () => {
    expect(mergeError({ triggerText: "   " })).toBe("invalid pattern at triggerText");
    expect(mergeError({ responseTemplate: `${reply.responseTemplate}${"x".repeat(1600)}` })).toBe(
      "invalid pattern at responseTemplate",
    );
  });
});

describe("findUnsupportedSensitiveText", () => {
  it("compares emails and links case-insensitively with the source", () => {
    expect(findUnsupportedSensitiveText("Write to Info@Venue.com", "info@venue.com")).toEqual([]);
    expect(findUnsupportedSensitiveText("See www.venue.com.", "www.venue.com")).toEqual([]);
    expect(findUnsupportedSensitiveText("See www.other.com", "www.venue.com")).toEqual([
      "www.other.com",
    ]);
  });

  it("finds a number however it is separated, unless the source has those digits", () => {
    expect(findUnsupportedSensitiveText("(555) 123-4567", "")).toEqual(["555) 123-4567"]);
    expect(findUnsupportedSensitiveText("555.123.4567", "call 5551234567")).toEqual([]);
    expect(findUnsupportedSensitiveText("bay 12 at 7:45", "")).toEqual([]);
  });
});
