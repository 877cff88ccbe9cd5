// Multinomial logistic regression (softmax, L2-regularised) on sparse features, fitted by L-BFGS: the model of the
// baseline classifier. Deterministic: it starts from zero and has nothing random in it.
import type { SparseVector } from "./tfidf-features";

export interface LabelledVector {
  x: SparseVector;
  /** The class, 0 to classes − 1. */
  label: number;
}

export interface SoftmaxShape {
  classes: number;
  /** Number of features; every index of every x is below it. */
  dimension: number;
}

export interface SoftmaxRegression extends SoftmaxShape {
  /** The probability of each class for `x`; they add up to 1. */
  probabilities(x: SparseVector): Float64Array;
}

/**
 * The parameters as one vector: the weight of feature f for class k at f × classes + k (so that one feature's
 * weights sit together, as a sparse x visits them), then one bias per class.
 */
function parameterCount({ classes, dimension }: SoftmaxShape): number {
  return dimension * classes + classes;
}

/** The class scores of `x` (weights · x + bias) into `scores`. */
function scoreClasses(
  parameters: Float64Array,
  { classes, dimension }: SoftmaxShape,
  x: SparseVector,
  scores: Float64Array,
): void {
  const biasAt = dimension * classes;
  const { indices, values } = x;
  for (let k = 0; k < classes; k++) scores[k] = parameters[biasAt + k]!;
  for (let at = 0; at < indices.length; at++) {
    const offset = indices[at]! * classes;
    const value = values[at]!;
    for (let k = 0; k < classes; k++) scores[k] = scores[k]! + value * parameters[offset + k]!;
  }
}

/** Scores turned into probabilities in place; returns log Σ exp(score), computed without overflow. */
function softmaxInPlace(scores: Float64Array): number {
  let highest = -Infinity;
  for (const score of scores) highest = Math.max(highest, score);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    scores[k] = Math.exp(scores[k]! - highest);
    sum += scores[k]!;
  }
  for (let k = 0; k < scores.length; k++) scores[k] = scores[k]! / sum;
  return highest + Math.log(sum);
}

export type Objective = (parameters: Float64Array, gradient: Float64Array) => number;

/**
 * Mean cross-entropy plus ‖weights‖² / (2·C·n), biases unregularised: the minimum is scikit-learn's
 * LogisticRegression(C) with the lbfgs solver. Writes the gradient and returns the value.
 */
export function softmaxObjective(
  examples: readonly LabelledVector[],
  shape: SoftmaxShape,
  inverseRegularisation: number,
): Objective {
  const { classes, dimension } = shape;
  const n = examples.length;
  const penalty = 1 / (inverseRegularisation * n);
  const probabilities = new Float64Array(classes);
  return (parameters, gradient) => {
    gradient.fill(0);
    const biasAt = dimension * classes;
    let loss = 0;
    for (const { x, label } of examples) {
      scoreClasses(parameters, shape, x, probabilities);
      const labelScore = probabilities[label]!;
      loss += softmaxInPlace(probabilities) - labelScore;
      probabilities[label] = probabilities[label]! - 1;
      const { indices, values } = x;
      for (let at = 0; at < indices.length; at++) {
        const offset = indices[at]! * classes;
        const value = values[at]! / n;
        for (let k = 0; k < classes; k++) {
          gradient[offset + k] = gradient[offset + k]! + value * probabilities[k]!;
        }
      }
      for (let k = 0; k < classes; k++) {
        gradient[biasAt + k] = gradient[biasAt + k]! + probabilities[k]! / n;
      }
    }
    let squares = 0;
    for (let at = 0; at < biasAt; at++) {
      const weight = parameters[at]!;
      squares += weight * weight;
      gradient[at] = gradient[at]! + penalty * weight;
    }
    return loss / n + (penalty / 2) * squares;
  };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let at = 0; at < a.length; at++) sum += a[at]! * b[at]!;
  return sum;
}

function maxAbs(a: Float64Array): number {
  let most = 0;
  for (let at = 0; at < a.length; at++) most = Math.max(most, Math.abs(a[at]!));
  return most;
}

export interface MinimiseOptions {
  maxIterations: number;
  /** Stops when no gradient component is larger. */
  gradientTolerance: number;
  /** Pairs of steps kept to shape the next one. */
  memory: number;
}

/** L-BFGS with a backtracking (Armijo) line search, from `start`; returns the point reached and its value. */
export function minimiseLbfgs(
  objective: Objective,
  start: Float64Array,
  options: MinimiseOptions,
): { point: Float64Array; value: number; iterations: number } {
  const size = start.length;
  let point = Float64Array.from(start);
  let gradient = new Float64Array(size);
  let value = objective(point, gradient);
  let next = new Float64Array(size);
  let nextGradient = new Float64Array(size);
  const direction = new Float64Array(size);
  const history: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  const alphas = new Float64Array(options.memory);

  let iteration = 0;
  for (; iteration < options.maxIterations; iteration++) {
    if (maxAbs(gradient) <= options.gradientTolerance) break;

    // Two-loop recursion: direction = −H·gradient.
    for (let at = 0; at < size; at++) direction[at] = -gradient[at]!;
    for (let index = history.length - 1; index >= 0; index--) {
      const { s, y, rho } = history[index]!;
      const alpha = rho * dot(s, direction);
      alphas[index] = alpha;
      for (let at = 0; at < size; at++) direction[at] = direction[at]! - alpha * y[at]!;
    }
    const last = history.at(-1);
    // Without history, a first step of length 1 along the gradient; after, the usual s·y / y·y scaling.
    const gamma = last
      ? 1 / (last.rho * dot(last.y, last.y))
      : 1 / Math.sqrt(dot(gradient, gradient));
    for (let at = 0; at < size; at++) direction[at] = direction[at]! * gamma;
    for (let index = 0; index < history.length; index++) {
      const { s, y, rho } = history[index]!;
      const beta = rho * dot(y, direction);
      const alpha = alphas[index]!;
      for (let at = 0; at < size; at++) direction[at] = direction[at]! + (alpha - beta) * s[at]!;
    }
    let slope = dot(direction, gradient);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): forget the history and follow the gradient.
      history.length = 0;
      const scale = 1 / Math.sqrt(dot(gradient, gradient));
      for (let at = 0; at < size; at++) direction[at] = -gradient[at]! * scale;
      slope = dot(direction, gradient);
    }

    let step = 1;
    let nextValue = Infinity;
    for (let trial = 0; trial < 40; trial++) {
      for (let at = 0; at < size; at++) next[at] = point[at]! + step * direction[at]!;
      nextValue = objective(next, nextGradient);
      if (nextValue <= value + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextValue < value)) break;

    // The oldest pair's arrays are reused for the newest.
    const recycled = history.length === options.memory ? history.shift() : undefined;
    const s = recycled?.s ?? new Float64Array(size);
    const y = recycled?.y ?? new Float64Array(size);
    for (let at = 0; at < size; at++) {
      s[at] = next[at]! - point[at]!;
      y[at] = nextGradient[at]! - gradient[at]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12) history.push({ s, y, rho: 1 / sy });

    const decrease = value - nextValue;
    [point, next] = [next, point];
    [gradient, nextGradient] = [nextGradient, gradient];
    value = nextValue;
    if (decrease <= 1e-12 * Math.max(1, Math.abs(value))) break;
  }
  return { point, value, iterations: iteration };
}

export interface SoftmaxTrainingOptions {
  /** scikit-learn's C: smaller means stronger regularisation. */
  inverseRegularisation: number;
  maxIterations?: number;
  gradientTolerance?: number;
}

export function trainSoftmaxRegression(
  examples: readonly LabelledVector[],
  shape: SoftmaxShape,
  options: SoftmaxTrainingOptions,
): SoftmaxRegression & { iterations: number } {
  if (examples.length === 0) throw new Error("nothing to train on");
  for (const { label } of examples) {
    if (!(Number.isInteger(label) && label >= 0 && label < shape.classes)) {
      throw new Error(`label ${label} is not a class of ${shape.classes}`);
    }
  }
  const objective = softmaxObjective(examples, shape, options.inverseRegularisation);
  const { point, iterations } = minimiseLbfgs(objective, new Float64Array(parameterCount(shape)), {
    // scikit-learn's defaults for its lbfgs solver.
    maxIterations: options.maxIterations ?? 100,
    gradientTolerance: options.gradientTolerance ?? 1e-4,
    memory: 5,
  });
  return {
    ...shape,
    iterations,
    probabilities(x) {
      const probabilities = new Float64Array(shape.classes);
      scoreClasses(point, shape, x, probabilities);
      softmaxInPlace(probabilities);
      return probabilities;
    },
  };
}
