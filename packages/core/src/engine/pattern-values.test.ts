import { describe, expect, it } from "vitest";
import { businessConstantCandidates, keptDefaults, shareableValues } from "./pattern-values";

const variables = ["phone", "time"];
// The values one example gives a pattern, as learning computes them.
const example = (reply: string, question: string, customer: string, time = "9pm") =>
  shareableValues({ time, ...businessConstantCandidates(reply, question, customer) }, variables);

const BUSINESS = "Call us at (902) 555-0100 and we'll sort it out.";

describe("business constants", () => {
  it("keeps the business's phone once two customers were given the same one", () => {
    const first = example(BUSINESS, "the sim froze", "alice");
    expect(first.phone).toBeUndefined();
    const second = keptDefaults(first, example(BUSINESS, "sim is frozen", "bob"));
    expect(second.phone).toBe("(902) 555-0100");
    expect(second.time).toBe("9pm");
    // And keeps it while every example repeats it.
    expect(keptDefaults(second, example(BUSINESS, "froze again", "carol")).phone).toBe(
      "(902) 555-0100",
    );
  });

  it("never keeps a number only one customer was told, or one that varies", () => {
    const first = example(BUSINESS, "the sim froze", "alice");
    expect(keptDefaults(first, example(BUSINESS, "frozen again", "alice")).phone).toBeUndefined();
    const other = example("Call us at (902) 555-0199 and we'll sort it out.", "froze", "bob");
    const kept = keptDefaults(first, other);
    expect(kept.phone).toBeUndefined();
    expect(Object.keys(kept)).toEqual(["time"]);
  });

  it("never keeps the customer's own number, nor a card number or a code", () => {
    const own = "We'll call you back at (902) 555-0177.";
    const a = example(own, "please call me at (902) 555-0177", "alice");
    expect(a).toEqual({ time: "9pm" });
    const codes = shareableValues(
      {
        ...businessConstantCandidates("Your door code is 4821#", "code?", "alice"),
        code: "4821",
      },
      ["code"],
    );
    expect(codes).toEqual({});
  });
});
