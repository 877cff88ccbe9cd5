import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { ZExtractedPattern } from "./extracted-pattern";
import {
  classifyExchange,
  confirmsBooking,
  extractPatternLocally,
  pickTriggerKeywords,
} from "./extract-pattern-locally";

describe("extractPatternLocally", () => {
  it("refuses to make {{__proto__}} or {{constructor}} in a text a placeholder, with the reason", () => {
    const learn = () =>
      extractPatternLocally({
        customerText: "What's the wifi password?",
        replyText: "It is {{__proto__}} {{constructor}} on the guest network",
      });
    expect(learn).toThrow(AppError);
    expect(learn).toThrow(
      /The reply cannot be learned: Unknown template variable \{\{__proto__\}\}/,
    );
    // The schema every extractor's output passes refuses it too.
    expect(
      ZExtractedPattern.safeParse({
        type: "faq",
        triggerText: "wifi password",
        triggerKeywords: ["wifi"],
        responseTemplate: "It is {{constructor}}",
        variables: [],
        actionTemplate: null,
      }).success,
    ).toBe(false);
  });

  it("learns a door-code pattern without leaking the code", () => {
    const pattern = extractPatternLocally({
      customerText: "Hey it's Mike, I'm at 123 Main St, what's the door code?",
      replyText: "Hi Mike! The door code is 4821#. Enjoy bay 3!",
      customerName: "Mike Ross",
    });
    expect(pattern).toEqual({
      type: "access",
      triggerText: "Hey it's {{customer_name}}, I'm at 123 Main St, what's the door code?",
      triggerKeywords: ["main", "whats", "door", "code"],
      responseTemplate:
        "Hi {{customer_name}}! The door code is {{code}}#. Enjoy bay {{bay_number}}!",
      variables: ["customer_name", "code", "bay_number"],
      actionTemplate: null,
    });
    expect(JSON.stringify(pattern)).not.toContain("4821");
    expect(() => ZExtractedPattern.parse(pattern)).not.toThrow();
  });

  it("learns a booking with a booking action when the reply confirms it", () => {
    const pattern = extractPatternLocally({
      customerText: "Can I book a bay for 4 people Friday at 7pm?",
      replyText: "You're booked in bay 2 on Friday at 7pm, Sarah. See you then!",
      customerName: "Sarah",
    });
    expect(pattern.type).toBe("booking");
    expect(pattern.triggerText).toBe("Can I book a bay for 4 people {{date}} at {{time}}?");
    expect(pattern.responseTemplate).toBe(
      "You're booked in bay {{bay_number}} on {{date}} at {{time}}, {{customer_name}}. See you then!",
    );
    expect(pattern.variables).toEqual(["bay_number", "date", "time", "customer_name"]);
    expect(pattern.actionTemplate).toEqual({ kind: "booking_request", params: {} });
  });

  it("gives a booking no action when the reply does not confirm it", () => {
    const pattern = extractPatternLocally({
      customerText: "Any availability tonight?",
      replyText: "Sorry, we're fully booked tonight. Tomorrow at 6pm is open.",
    });
    expect(pattern.type).toBe("booking");
    expect(pattern.actionTemplate).toBeNull();
  });

  it("classifies a frozen simulator as a tech issue", () => {
    const pattern = extractPatternLocally({
      customerText: "The screen in bay 4 is frozen",
      replyText: "Sorry about that! I'm restarting it remotely, give it 2 minutes.",
    });
    expect(pattern.type).toBe("tech_issue");
    expect(pattern.triggerKeywords).toEqual(["screen", "bay", "frozen"]);
    expect(pattern.variables).toEqual([]);
  });

  it("uses faq for other questions and general for other statements", () => {
    expect(
      extractPatternLocally({
        customerText: "Do you have left-handed clubs? 🏌️",
        replyText: "Yes, two sets at the front desk.",
      }).type,
    ).toBe("faq");
    expect(
      extractPatternLocally({
        customerText: "Running 10 minutes late",
        replyText: "No worries, your time is held.",
      }).type,
    ).toBe("general");
  });

  it("cuts a very long trigger to 2,000 characters without splitting a placeholder", () => {
    const pattern = extractPatternLocally({
      customerText: `${"x".repeat(1990)} at 7pm and more words`,
      replyText: "We'll sort it out.",
    });
    expect(pattern.triggerText).toBe("x".repeat(1990) + " at");
  });

  it("refuses empty texts and replies too long to be a template", () => {
    const cases = [
      { customerText: "  👍 ", replyText: "Hi there" },
      { customerText: "Door code?", replyText: "!!" },
      { customerText: "Door code?", replyText: "word ".repeat(400) },
    ];
    for (const input of cases) {
      expect(() => extractPatternLocally(input)).toThrow(AppError);
    }
  });

  it("always returns something ZExtractedPattern accepts", () => {
    const inputs = [
      {
        customerText: "How much is a gift card?",
        replyText: "Any amount from $25 at https://x.golf/gift",
      },
      {
        customerText: "Are you open on Christmas?",
        replyText: "Closed 12/25, open 12/26 10am-11pm",
      },
      { customerText: "Code?", replyText: "Hi?" },
      { customerText: "Loved it!!", replyText: "Great, thanks Joe" },
    ];
    for (const input of inputs) {
      expect(() => ZExtractedPattern.parse(extractPatternLocally(input))).not.toThrow();
    }
  });
});

describe("classifyExchange", () => {
  it.each([
    ["What's the code to get in?", "It's 4821#", "access"],
    ["I'm locked out of the building", "Sending the code now", "access"],
    ["The door won't open", "Pull hard, it sticks", "access"],
    ["Ball tracking isn't working in bay 2", "Restarting it now", "tech_issue"],
    ["Projector is off", "Turning it on", "tech_issue"],
    ["What are your hours on Sunday?", "9am to 11pm", "hours"],
    ["What time do you close tonight?", "Midnight", "hours"],
    ["Do you sell gift cards?", "Yes, any amount", "gift_cards"],
    ["How much is a gift card?", "From $25", "gift_cards"],
    ["How much for an hour?", "$45 per bay", "pricing"],
    ["Do you have memberships?", "Yes, $99 a month", "membership"],
    ["Had an awesome time last night", "So glad!", "feedback"],
    ["Is bay 3 available at 8?", "Yes, want it?", "booking"],
    ["What time is my booking?", "7pm", "booking"],
    ["Where do I park?", "Behind the building", "faq"],
    ["I'm running late", "No worries", "general"],
  ])("%j → %s", (customer, reply, type) => {
    expect(classifyExchange(customer, reply)).toBe(type);
  });

  it("weighs the customer's words above the reply's", () => {
    // Unweighted, membership and pricing (one reply word each) would tie with feedback and win on order.
    expect(classifyExchange("Loved it", "Member rates are on our site")).toBe("feedback");
    expect(classifyExchange("Hi there", "Our rates went up")).toBe("pricing");
  });
});

describe("confirmsBooking", () => {
  it.each([
    ["You're booked for 7pm!", true],
    ["Confirmed, bay 3 at 8.", true],
    ["Reserved bay 2 for you", true],
    ["We're fully booked tonight", false],
    ["Sorry, we're booked up", false],
    ["That slot is not reserved yet", false],
    ["It couldn't be confirmed", false],
    ["Which time works?", false],
  ])("%j → %s", (reply, expected) => {
    expect(confirmsBooking(reply)).toBe(expected);
  });
});

describe("pickTriggerKeywords", () => {
  it("keeps up to eight informative, unique words in order", () => {
    expect(
      pickTriggerKeywords(
        "Hi {{customer_name}}, is the door code the same door code as last week for bay {{bay_number}} and the gate and the lobby and parking and lockers too?",
      ),
    ).toEqual(["door", "code", "same", "last", "week", "bay", "gate", "lobby"]);
  });

  it("drops stop words, short words, numbers and placeholders", () => {
    expect(pickTriggerKeywords("Is it ok if we come at {{time}} with 4 or 12 ppl?")).toEqual([
      "come",
      "ppl",
    ]);
    expect(pickTriggerKeywords("")).toEqual([]);
  });
});
