import { describe, expect, it } from "vitest";
import { createPatternLink, readCreatePatternLink } from "./create-pattern-link";

describe("the pattern builder link", () => {
  it("carries the question and the reply through the URL, whatever characters they hold", () => {
    const prefill = {
      question: "Open on Sunday? 100% & #1",
      reply: "Yes: 9am–5pm, see https://x.example/?a=b",
    };
    const link = createPatternLink(prefill);
    expect(link.startsWith("/patterns/new?")).toBe(true);
    expect(readCreatePatternLink(new URL(link, "http://x").searchParams)).toEqual(prefill);
  });

  it("opens an empty builder without prefill", () => {
    expect(createPatternLink({ question: "", reply: "" })).toBe("/patterns/new");
    expect(readCreatePatternLink(new URLSearchParams(""))).toEqual({ question: "", reply: "" });
  });
});
