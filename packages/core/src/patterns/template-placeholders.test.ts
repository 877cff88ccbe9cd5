import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { renderTemplate } from "../learning/render-template";
import { parseReplyTemplate } from "./template-placeholders";

describe("parseReplyTemplate", () => {
  it("lists known variables once, in order of first appearance", () => {
    expect(
      parseReplyTemplate("Hi {{customer_name}}, bay {{bay_number}} at {{time}}, {{customer_name}}!")
        .variables,
    ).toEqual(["customer_name", "bay_number", "time"]);
  });

  it("writes spaced placeholders the one way the renderer fills them", () => {
    const parsed = parseReplyTemplate("Bay {{     bay_number }} at {{time}}.");
    expect(parsed).toEqual({
      template: "Bay {{bay_number}} at {{time}}.",
      variables: ["bay_number", "time"],
    });
    expect(renderTemplate(parsed.template, { bay_number: "4", time: "6pm" }).text).toBe(
      "Bay 4 at 6pm.",
    );
  });

  it("leaves a plain reply as it is", () => {
    expect(parseReplyTemplate("We open at 9.")).toEqual({
      template: "We open at 9.",
      variables: [],
    });
  });

  it("refuses an unknown placeholder and names it and the known ones", () => {
    expect(() => parseReplyTemplate("Hi {{first_name}}, see you {{date}}")).toThrow(
      /Unknown template variable \{\{first_name\}\}.*known variables: customer_name/,
    );
    try {
      parseReplyTemplate("{{Customer_Name}}");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("BAD_REQUEST");
    }
  });

  it("refuses empty and unmatched braces", () => {
    expect(() => parseReplyTemplate("Code is {{}}")).toThrow(/Unknown template variable \{\{\}\}/);
    expect(() => parseReplyTemplate("Code is {{code")).toThrow(/unmatched/);
    expect(() => parseReplyTemplate("Code is code}} {{code}}")).toThrow(/unmatched/);
    expect(() => parseReplyTemplate("{{ {{code}} }}")).toThrow(/unmatched/);
  });
});
