import { describe, expect, it } from "vitest";
import { readInboxLocation, writeInboxLocation } from "./inbox-location";

describe("the inbox's URL", () => {
  it("reads the work queue's filters and writes them back", () => {
    const location = readInboxLocation(new URLSearchParams("reason=failed&q=door%20code"));
    expect(location).toMatchObject({ view: "work", reason: "failed", q: "door code" });
    expect(writeInboxLocation(location)).toBe("?reason=failed&q=door+code");
  });

  it("leaves defaults out and ignores values it does not know", () => {
    const location = readInboxLocation(new URLSearchParams("reason=bogus&show=nope&status=x"));
    expect(location).toEqual({
      view: "work",
      reason: null,
      q: "",
      show: "all",
      status: "any",
      phone: "",
    });
    expect(writeInboxLocation(location)).toBe("");
  });

  it("keeps the list of all conversations' own filters", () => {
    const location = readInboxLocation(
      new URLSearchParams("view=all&show=escalated&status=open&phone=%2B19025550101"),
    );
    expect(writeInboxLocation(location)).toBe(
      "?view=all&show=escalated&status=open&phone=%2B19025550101",
    );
  });
});
