import { describe, expect, it } from "vitest";
import { assignVariant } from "./assign-variant";
import { chooseVariant, type RunningExperiment } from "./choose-variant";

const experiment: RunningExperiment = {
  id: "exp-1",
  name: "Sunday hours",
  variants: [
    {
      id: "a",
      name: "control",
      template: "We open at 9.",
      weight: 1,
      isControl: true,
      stopped: false,
    },
    {
      id: "b",
      name: "friendly",
      template: "Doors open at 9!",
      weight: 1,
      isControl: false,
      stopped: false,
    },
  ],
};

describe("chooseVariant", () => {
  it("gives a customer the same variant every time, by the sticky hash", () => {
    for (let i = 0; i < 50; i++) {
      const customer = `customer-${i}`;
      const first = chooseVariant(experiment, customer)!;
      expect(chooseVariant(experiment, customer)).toEqual(first);
      expect(first.variantId).toBe(
        assignVariant("exp-1", customer, [
          { variantId: "a", weight: 1 },
          { variantId: "b", weight: 1 },
        ]),
      );
      expect(first.counted).toBe(true);
    }
  });

  it("moves no one when a variant stops: its customers get the control, uncounted", () => {
    const stopped: RunningExperiment = {
      ...experiment,
      variants: experiment.variants.map((v) => (v.id === "b" ? { ...v, stopped: true } : v)),
    };
    for (let i = 0; i < 50; i++) {
      const before = chooseVariant(experiment, `c${i}`)!;
      const after = chooseVariant(stopped, `c${i}`)!;
      if (before.variantId === "a") expect(after).toEqual(before);
      else
        expect(after).toMatchObject({ variantId: "a", template: "We open at 9.", counted: false });
    }
  });

  it("uses the control without a customer, and nothing without variants", () => {
    expect(chooseVariant(experiment, null)).toMatchObject({ variantId: "a", counted: false });
    expect(chooseVariant({ ...experiment, variants: [] }, "c")).toBeNull();
  });
});
