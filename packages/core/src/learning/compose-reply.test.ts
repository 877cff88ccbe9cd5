import { describe, expect, it } from "vitest";
import { composeReply } from "./compose-reply";

const base = {
  template: "Your bay is booked for {{time}}.",
  values: { time: "7pm" },
  greeting: "Hi {{customer_name}},",
  signOff: "— The Golf Lab",
};

describe("composeReply", () => {
  it("frames the answer with the business's greeting and sign-off, by first name", () => {
    expect(composeReply({ ...base, customerName: "Sam Lee" })).toEqual({
      text: "Hi Sam, Your bay is booked for 7pm. — The Golf Lab",
      missing: [],
    });
  });

  it("leaves an unknown name out with its comma, so it never blocks the reply", () => {
    expect(composeReply({ ...base, customerName: null })).toEqual({
      text: "Hi, Your bay is booked for 7pm. — The Golf Lab",
      missing: [],
    });
    const inAnswer = composeReply({
      ...base,
      template: "Thanks {{customer_name}}, see you at {{time}}!",
      greeting: "",
      signOff: "",
      customerName: "  ",
    });
    expect(inAnswer).toEqual({ text: "Thanks, see you at 7pm!", missing: [] });
  });

  it("still reports a blank it cannot fill", () => {
    const result = composeReply({ ...base, values: {}, customerName: "Sam" });
    expect(result.missing).toEqual(["time"]);
  });
});
