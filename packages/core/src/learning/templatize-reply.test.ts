import { describe, expect, it } from "vitest";
import { maskPersonalData, templateVariablesIn, templatizeText } from "./templatize-reply";

const noName = { customerName: null };

describe("templatizeText", () => {
  it("templatizes a booking confirmation", () => {
    const result = templatizeText(
      "Hi Sarah! You're booked in Bay #4 tomorrow at 7:30 PM for $45.00. Door code is 4821#",
      { customerName: "Sarah Jones" },
    );
    expect(result.template).toBe(
      "Hi {{customer_name}}! You're booked in Bay {{bay_number}} tomorrow at {{time}} for {{amount}}. Door code is {{code}}#",
    );
    expect(result.variables).toEqual(["customer_name", "bay_number", "time", "amount", "code"]);
    expect(result.values).toEqual({
      customer_name: "Sarah",
      bay_number: "4",
      time: "7:30 PM",
      amount: "$45.00",
      code: "4821",
    });
  });

  it("replaces the full name and the first name, case-insensitively and as whole words", () => {
    const result = templatizeText("sarah jones, hi SARAH. Sarahs clubs are in bay 2", {
      customerName: "Sarah Jones",
    });
    expect(result.template).toBe(
      "{{customer_name}}, hi {{customer_name}}. Sarahs clubs are in bay {{bay_number}}",
    );
    expect(result.values.customer_name).toBe("sarah jones");
  });

  it("keeps names that are ordinary words when they are used as words", () => {
    expect(
      templatizeText("Will do! Will, you're in sim 2.", { customerName: "Will" }).template,
    ).toBe("Will do! {{customer_name}}, you're in sim {{bay_number}}.");
    expect(templatizeText("Hi May, you may bring 2 guests", { customerName: "May" }).template).toBe(
      "Hi {{customer_name}}, you may bring 2 guests",
    );
  });

  it("ignores a contact name that is a phone number, an email or empty", () => {
    for (const customerName of ["+1 902 555 0123", "bob@example.com", "  ", "J"]) {
      const result = templatizeText("Thanks J, see you at 7pm", { customerName });
      expect(result.variables).toEqual(["time"]);
    }
  });

  it("escapes regular-expression characters in names", () => {
    const result = templatizeText("Hi Mr. (Bob)", { customerName: "Mr. (Bob)" });
    expect(result.template).toBe("Hi {{customer_name}}");
  });

  it.each([
    ["at 7pm", "at {{time}}", "7pm"],
    ["at 7 pm", "at {{time}}", "7 pm"],
    ["at 7:30 PM", "at {{time}}", "7:30 PM"],
    ["at 7.30pm", "at {{time}}", "7.30pm"],
    ["at 7 p.m. sharp", "at {{time}} sharp", "7 p.m."],
    ["at 19:00", "at {{time}}", "19:00"],
    ["at noon", "at {{time}}", "noon"],
    ["at midnight", "at {{time}}", "midnight"],
  ])("makes the time in %j a variable", (text, template, value) => {
    expect(templatizeText(text, noName)).toMatchObject({ template, values: { time: value } });
  });

  it("makes both ends of a time range variables", () => {
    expect(templatizeText("Bay 3 is free from 7 to 9pm or 10-11pm", noName).template).toBe(
      "Bay {{bay_number}} is free from {{time}} to {{time}} or {{time}}-{{time}}",
    );
  });

  it.each([
    ["on Friday", "on {{date}}", "Friday"],
    ["on 12/25", "on {{date}}", "12/25"],
    ["on 12/25/2026", "on {{date}}", "12/25/2026"],
    ["on Dec 5", "on {{date}}", "Dec 5"],
    ["on December 5th", "on {{date}}", "December 5th"],
    ["on Dec. 5, 2026", "on {{date}}", "Dec. 5, 2026"],
    ["on the 5th of December", "on the {{date}}", "5th of December"],
    ["on 2026-12-05", "on {{date}}", "2026-12-05"],
    ["on Friday, Dec 5th", "on {{date}}", "Friday, Dec 5th"],
  ])("makes the date in %j a variable", (text, template, value) => {
    expect(templatizeText(text, noName)).toMatchObject({ template, values: { date: value } });
  });

  it("keeps today, tomorrow, tonight, plural weekdays, years and fractions as they are", () => {
    const text =
      "Today or tomorrow? We're closed Mondays since 2019. A 1/2 hour is fine, 24/7 access";
    expect(templatizeText(text, noName)).toEqual({ template: text, variables: [], values: {} });
  });

  it.each([
    ["It's $25 an hour", "It's {{amount}} an hour", "$25"],
    ["It's $25.00 an hour", "It's {{amount}} an hour", "$25.00"],
    ["It's $1,250 for the season", "It's {{amount}} for the season", "$1,250"],
    ["It's 25 dollars an hour", "It's {{amount}} an hour", "25 dollars"],
    ["It's 25$ an hour", "It's {{amount}} an hour", "25$"],
  ])("makes the amount in %j a variable", (text, template, value) => {
    expect(templatizeText(text, noName)).toMatchObject({ template, values: { amount: value } });
  });

  it.each([
    ["bay 3 is ready", "bay {{bay_number}} is ready", "3"],
    ["Bay #4 is ready", "Bay {{bay_number}} is ready", "4"],
    ["Simulator 2 is ready", "Simulator {{bay_number}} is ready", "2"],
    ["sim 12 is ready", "sim {{bay_number}} is ready", "12"],
  ])("makes the bay number in %j a variable and keeps the word", (text, template, value) => {
    expect(templatizeText(text, noName)).toMatchObject({ template, values: { bay_number: value } });
  });

  it("does not take a bay word without a number, or several bays", () => {
    const text = "Which bay? Bays 3 and 4 are open";
    expect(templatizeText(text, noName).template).toBe(text);
  });

  it("makes a location a variable only in the 'our X location' shape", () => {
    const result = templatizeText(
      "Try our Bedford location, or at the River Oaks location. We love Bedford.",
      noName,
    );
    expect(result.template).toBe(
      "Try our {{location}} location, or at the {{location}} location. We love Bedford.",
    );
    expect(result.values.location).toBe("Bedford");
    expect(templatizeText("at our main location", noName).template).toBe("at our main location");
  });

  it("counts masked PII as variables, links included", () => {
    const result = templatizeText(
      "Buy gift cards at https://clubhouse.golf/gift or call 902-555-0123. Your code is 4821.",
      noName,
    );
    expect(result.template).toBe(
      "Buy gift cards at {{url}} or call {{phone}}. Your code is {{code}}.",
    );
    expect(result.variables).toEqual(["url", "phone", "code"]);
    expect(result.values).toEqual({
      url: "https://clubhouse.golf/gift",
      phone: "902-555-0123",
      code: "4821",
    });
  });

  it("records the first value of each variable and lists each variable once", () => {
    const result = templatizeText("Bay 3 at 7pm or bay 5 at 9pm", noName);
    expect(result.template).toBe(
      "Bay {{bay_number}} at {{time}} or bay {{bay_number}} at {{time}}",
    );
    expect(result.variables).toEqual(["bay_number", "time"]);
    expect(result.values).toEqual({ bay_number: "3", time: "7pm" });
  });

  it("leaves placeholders already in the text alone", () => {
    const result = templatizeText("Hi {{customer_name}}, bay {{bay_number}}", {
      customerName: "Customer",
    });
    expect(result.template).toBe("Hi {{customer_name}}, bay {{bay_number}}");
    expect(result.values).toEqual({});
    expect(result.variables).toEqual(["customer_name", "bay_number"]);
  });

  it("leaves a text without variables unchanged", () => {
    const text = "We have gift cards at the front desk.";
    expect(templatizeText(text, noName)).toEqual({ template: text, variables: [], values: {} });
  });

  it("handles 10,000 characters quickly", () => {
    const text =
      "Hi Sarah, bay 3 at 7:30pm on Friday, Dec 5 for $25 at our Bedford location. ".repeat(130);
    const started = performance.now();
    const result = templatizeText(text, { customerName: "Sarah" });
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.variables).toEqual([
      "customer_name",
      "bay_number",
      "time",
      "date",
      "amount",
      "location",
    ]);
    for (const adversarial of [
      "7".repeat(10_000),
      "Dec ".repeat(2_500),
      `our ${"Abc ".repeat(2_500)}`,
    ]) {
      const t = performance.now();
      templatizeText(adversarial, { customerName: "Abc" });
      expect(performance.now() - t).toBeLessThan(500);
    }
  });
});

describe("templateVariablesIn", () => {
  it("lists placeholder names once each in order, tolerating spaces", () => {
    expect(templateVariablesIn("{{ time }} {{bay_number}} {{time}} {{unknown_thing}}")).toEqual([
      "time",
      "bay_number",
      "unknown_thing",
    ]);
  });

  it("ignores text that only looks like a placeholder", () => {
    expect(templateVariablesIn("{time} {{ }} {{bad-name}} plain")).toEqual([]);
  });
});

describe("maskPersonalData", () => {
  it("masks PII and the customer's name but keeps times, dates and amounts as written", () => {
    expect(
      maskPersonalData("Hi Sarah, call 902-555-0199 about bay 3 at 7pm on Friday, $25.", {
        customerName: "Sarah Jones",
      }),
    ).toBe("Hi {{customer_name}}, call {{phone}} about bay 3 at 7pm on Friday, $25.");
  });

  it("leaves a text without personal data unchanged", () => {
    expect(maskPersonalData("What time do you open on Sunday?", { customerName: null })).toBe(
      "What time do you open on Sunday?",
    );
  });
  // The name is looked for cheaply first; that look must never miss what the case-insensitive pattern finds.
  it("finds a name however it is cased, with non-ASCII letters around it or in it", () => {
    const masked = (text: string, customerName: string) => maskPersonalData(text, { customerName });
    expect(masked("Thanks MARIA — see you soon", "Maria Lopez")).toBe(
      "Thanks {{customer_name}} — see you soon",
    );
    expect(masked("Hi maria   lopez, café at 5", "María López")).toBe(
      "Hi maria   lopez, café at 5",
    );
    expect(masked("Hi María López!", "María López")).toBe("Hi {{customer_name}}!");
    expect(masked("Hi \u017fam and \u212aim", "Sam")).toBe("Hi {{customer_name}} and \u212aim");
    expect(masked("Hi \u212aim", "Kim Lee")).toBe("Hi {{customer_name}}");
    expect(masked("Hi Kim", "\u212aim Lee")).toBe("Hi {{customer_name}}");
    expect(masked("No name here", "Maria Lopez")).toBe("No name here");
  });
});
