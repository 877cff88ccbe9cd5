import { describe, expect, it } from "vitest";
import { readReturnPath } from "./return-path";

describe("readReturnPath", () => {
  it("returns the page that sent the visitor to sign in", () => {
    expect(readReturnPath({ from: "/audit?page=2" })).toBe("/audit?page=2");
  });

  it("never leaves the site or loops back to the login page", () => {
    expect(readReturnPath({ from: "//evil.example/x" })).toBe("/");
    expect(readReturnPath({ from: "https://evil.example" })).toBe("/");
    expect(readReturnPath({ from: "/login" })).toBe("/");
  });

  it("falls back to the overview without a usable state", () => {
    expect(readReturnPath(null)).toBe("/");
    expect(readReturnPath({ from: 42 })).toBe("/");
  });
});
