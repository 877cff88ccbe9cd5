import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runGoldenScenarios, type GoldenRuns } from "./model-golden";

// Written by the model before it was made faster (see model-golden.ts): every proposal must come out the same,
// to the last bit of every probability and similarity.
const expected = JSON.parse(
  readFileSync(new URL("./model-golden.json", import.meta.url), "utf8"),
) as GoldenRuns;

describe("the reply model's proposals", () => {
  it("are exactly those recorded, while learning live, refitting in the background, and fully loaded", async () => {
    const runs = await runGoldenScenarios();
    for (const name of ["liveInline", "liveBackground", "loaded"] as const) {
      expect(runs[name].length).toBe(expected[name].length);
      runs[name].forEach((proposal, position) =>
        expect(proposal, `${name} #${position}: ${proposal[0]}`).toEqual(expected[name][position]),
      );
    }
    // The recordings hold real proposals, not empty ones.
    expect(expected.loaded.filter((p) => p[1].length > 0).length).toBeGreaterThan(140);
  }, 120_000);
});
