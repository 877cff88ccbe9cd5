import { describe, expect, it } from "vitest";
import { createPatternLink, readCreatePatternLink } from "./create-pattern-link";

describe("the new-pattern link", () => {
  it("carries the question and the reply through the URL, whatever characters they hold", () => {
    const prefill = {
      question: "Open on Sunday? 100% & #1",
      reply: "Yes: 9am–5pm, see https://x.example/?a=b",
    };
    const link = createPatternLink(prefill);
    expect(link.startsWith("/patterns?create=1&")).toBe(true);
    expect(readCreatePatternLink(new URL(link, "http://x").searchParams)).toEqual(prefill);
  });

  it("opens an empty form without prefill, and no form without create=1", () => {
    expect(readCreatePatternLink(new URLSearchParams("create=1"))).toEqual({
      question: "",
      reply: "",
    });
    expect(readCreatePatternLink(new URLSearchParams("question=hi"))).toBeNull();
  });
});
