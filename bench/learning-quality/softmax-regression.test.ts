import { createRandom } from "@playbook/core/testing";
import { describe, expect, it } from "vitest";
import {
  minimiseLbfgs,
  softmaxObjective,
  trainSoftmaxRegression,
  type LabelledVector,
} from "./softmax-regression";

const vector = (entries: Record<number, number>) => ({
  indices: Int32Array.from(Object.keys(entries).map(Number)),
  values: Float64Array.from(Object.values(entries)),
});

describe("softmaxObjective", () => {
  it("has the gradient its finite differences show", () => {
    const random = createRandom(5);
    const shape = { classes: 3, dimension: 4 };
    const examples: LabelledVector[] = Array.from({ length: 6 }, (_, index) => ({
      x: vector({ [index % 4]: random(), [(index + 1) % 4]: random() - 0.5 }),
      label: index % 3,
    }));
    const objective = softmaxObjective(examples, shape, 0.5);
    const parameters = Float64Array.from({ length: 4 * 3 + 3 }, () => random() - 0.5);
    const gradient = new Float64Array(parameters.length);
    objective(parameters, gradient);
    const scratch = new Float64Array(parameters.length);
    for (let at = 0; at < parameters.length; at++) {
      const up = Float64Array.from(parameters);
      const down = Float64Array.from(parameters);
      up[at] = up[at]! + 1e-6;
      down[at] = down[at]! - 1e-6;
      const numeric = (objective(up, scratch) - objective(down, scratch)) / 2e-6;
      expect(gradient[at]).toBeCloseTo(numeric, 6);
    }
  });

  it("is ln(classes) at zero, the regularisation adding nothing there", () => {
    const objective = softmaxObjective(
      [{ x: vector({ 0: 1 }), label: 0 }],
      { classes: 4, dimension: 1 },
      1,
    );
    expect(objective(new Float64Array(4 + 4), new Float64Array(8))).toBeCloseTo(Math.log(4));
  });
});

describe("minimiseLbfgs", () => {
  it("finds the minimum of a stretched bowl", () => {
    // f = Σ c_i (x_i − i)², with scales 1 to 100.
    const scales = [1, 10, 100];
    const { point } = minimiseLbfgs(
      (x, gradient) => {
        let value = 0;
        scales.forEach((scale, index) => {
          const offset = x[index]! - index;
          value += scale * offset * offset;
          gradient[index] = 2 * scale * offset;
        });
        return value;
      },
      new Float64Array(3),
      { maxIterations: 100, gradientTolerance: 1e-9, memory: 5 },
    );
    expect([...point].map((value) => Number(value.toFixed(5)))).toEqual([0, 1, 2]);
  });
});

describe("trainSoftmaxRegression", () => {
  // Feature 0 means class 0, feature 1 class 1, feature 2 class 2; feature 3 is noise shared by all.
  const examples: LabelledVector[] = [0, 1, 2].flatMap((label) =>
    [0.2, 0.5, 0.9].map((noise) => ({ x: vector({ [label]: 1, 3: noise }), label })),
  );
  const model = trainSoftmaxRegression(
    examples,
    { classes: 3, dimension: 4 },
    { inverseRegularisation: 10 },
  );

  it("learns which feature means which class, with probabilities adding up to 1", () => {
    for (const label of [0, 1, 2]) {
      const probabilities = model.probabilities(vector({ [label]: 1 }));
      expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1);
      expect(probabilities.indexOf(Math.max(...probabilities))).toBe(label);
      expect(probabilities[label]).toBeGreaterThan(0.8);
    }
    // Only noise: no class stands out.
    const unsure = model.probabilities(vector({ 3: 0.5 }));
    expect(Math.max(...unsure)).toBeLessThan(0.5);
  });

  it("is surer with weaker regularisation", () => {
    const strong = trainSoftmaxRegression(
      examples,
      { classes: 3, dimension: 4 },
      { inverseRegularisation: 0.1 },
    );
    const x = vector({ 1: 1 });
    expect(strong.probabilities(x)[1]).toBeLessThan(model.probabilities(x)[1]!);
  });

  it("refuses a label outside the classes", () => {
    expect(() =>
      trainSoftmaxRegression(
        [{ x: vector({ 0: 1 }), label: 3 }],
        { classes: 3, dimension: 1 },
        { inverseRegularisation: 1 },
      ),
    ).toThrow(/label 3/);
  });
});
