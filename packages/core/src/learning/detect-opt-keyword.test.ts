import { describe, expect, it } from "vitest";
import { detectOptKeyword } from "./detect-opt-keyword";

describe("detectOptKeyword", () => {
  it.each([
    "STOP",
    "stop",
    " Stop. ",
    "STOP!!",
    "StopAll",
    "stop all",
    "UNSUBSCRIBE",
    "cancel",
    "End",
    "quit",
    "OPTOUT",
    "opt out",
    "Opt-Out",
    "revoke",
  ])("%j is stop", (text) => {
    expect(detectOptKeyword(text)).toBe("stop");
  });

  it.each(["START", "start", "Unstop", "subscribe!", "YES", "yes."])("%j is start", (text) => {
    expect(detectOptKeyword(text)).toBe("start");
  });

  it.each([
    "Please stop by at 5",
    "don't stop the sim",
    "Stop the timer on bay 3",
    "Can I cancel my 7pm booking?",
    "yes please, bay 3 at 7",
    "The end of the round froze",
    "stopp",
    "",
    "   ",
    "?!",
    "STOP ".repeat(2_000),
  ])("%j is not a keyword", (text) => {
    expect(detectOptKeyword(text)).toBeNull();
  });
});
