import { describe, expect, it } from "vitest";
import { inTurns } from "./in-turns";

function busy(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe("inTurns", () => {
  it("does every item in order, and lets other work run while a long batch goes on", async () => {
    const done: number[] = [];
    let otherWorkRanAt: number | null = null;
    setImmediate(() => (otherWorkRanAt = done.length));
    // 40 items of 2 ms: about 80 ms of synchronous work.
    await inTurns(
      Array.from({ length: 40 }, (_, i) => i),
      (item) => {
        busy(2);
        done.push(item);
      },
    );
    expect(done).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // The other work ran between items, not after the last.
    expect(otherWorkRanAt).not.toBeNull();
    expect(otherWorkRanAt!).toBeGreaterThan(0);
    expect(otherWorkRanAt!).toBeLessThan(40);
  });

  it("does a short batch without giving up its turn", async () => {
    let otherWorkRan = false;
    setImmediate(() => (otherWorkRan = true));
    const done: string[] = [];
    await inTurns(["a", "b", "c"], (item) => done.push(item));
    expect(done).toEqual(["a", "b", "c"]);
    expect(otherWorkRan).toBe(false);
  });
});
