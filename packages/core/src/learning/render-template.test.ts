import { describe, expect, it } from "vitest";
import { renderTemplate } from "./render-template";

describe("renderTemplate", () => {
  it("fills every placeholder it has a value for", () => {
    const result = renderTemplate(
      "Hi {{customer_name}}, bay {{bay_number}} is yours at {{time}}.",
      {
        customer_name: "Sarah",
        bay_number: "3",
        time: "7:30 PM",
      },
    );
    expect(result).toEqual({ text: "Hi Sarah, bay 3 is yours at 7:30 PM.", missing: [] });
  });

  it("tolerates spaces inside the braces", () => {
    expect(renderTemplate("Door code is {{ code }}# and {{code  }}", { code: "4821" }).text).toBe(
      "Door code is 4821# and 4821",
    );
  });

  it("leaves missing placeholders in place and lists each once, in order", () => {
    const result = renderTemplate("{{time}} in bay {{bay_number}}, code {{code}}, at {{time}}", {
      bay_number: "2",
    });
    expect(result.text).toBe("{{time}} in bay 2, code {{code}}, at {{time}}");
    expect(result.missing).toEqual(["time", "code"]);
  });

  it("treats blank values as missing so a gate never sends an empty code", () => {
    const result = renderTemplate("Your door code is {{code}}.", { code: "  " });
    expect(result).toEqual({ text: "Your door code is {{code}}.", missing: ["code"] });
    expect(renderTemplate("{{code}}", { code: undefined }).missing).toEqual(["code"]);
  });

  it("does not read inherited properties", () => {
    const result = renderTemplate("{{constructor}} {{toString}} {{__proto__}}", {});
    expect(result.missing).toEqual(["constructor", "toString", "__proto__"]);
    expect(result.text).toBe("{{constructor}} {{toString}} {{__proto__}}");
  });

  it("does not expand placeholders inside inserted values", () => {
    const result = renderTemplate("Hi {{customer_name}}, code {{code}}", {
      customer_name: "{{code}}",
      code: "4821",
    });
    expect(result).toEqual({ text: "Hi {{code}}, code 4821", missing: [] });
  });

  it("inserts values literally, even with $ patterns", () => {
    expect(renderTemplate("That is {{amount}}.", { amount: "$25 $& $1" }).text).toBe(
      "That is $25 $& $1.",
    );
  });

  it("returns text without placeholders unchanged", () => {
    expect(renderTemplate("We open at noon. {single} {{ }} {{bad-name}}", { x: "1" })).toEqual({
      text: "We open at noon. {single} {{ }} {{bad-name}}",
      missing: [],
    });
  });
});
