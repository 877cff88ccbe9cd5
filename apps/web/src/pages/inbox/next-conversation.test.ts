import { describe, expect, it } from "vitest";
import { nextAfterDone, stepConversation } from "./next-conversation";

const ids = ["a", "b", "c"];

describe("moving through the inbox", () => {
  it("steps with j and k, staying at either end, and starts at the top", () => {
    expect(stepConversation(ids, "a", 1)).toBe("b");
    expect(stepConversation(ids, "c", 1)).toBe("c");
    expect(stepConversation(ids, "b", -1)).toBe("a");
    expect(stepConversation(ids, "a", -1)).toBe("a");
    expect(stepConversation(ids, undefined, 1)).toBe("a");
    expect(stepConversation(ids, "gone", -1)).toBe("a");
    expect(stepConversation([], undefined, 1)).toBeUndefined();
  });

  it("opens the next conversation after an action, or the one before the last, or none", () => {
    expect(nextAfterDone(ids, "a")).toBe("b");
    expect(nextAfterDone(ids, "c")).toBe("b");
    expect(nextAfterDone(ids, "x")).toBe("a");
    expect(nextAfterDone(["a"], "a")).toBeUndefined();
  });
});
