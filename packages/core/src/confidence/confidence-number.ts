// Confidence is a plain number in [0, 1], stored rounded to 6 decimals: the original read NUMERIC as a string, so
// `confidence + 0.05` became "0.500.05"; here anything but a finite number throws before arithmetic starts.

/** The value itself when it is a finite number; throws otherwise (strings, NaN, Infinity, null). */
export function requireFinite(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`${name} must be a finite number, got ${describe(value)}`);
  }
  return value;
}

/** A finite number in [0, 1]; throws otherwise. */
export function requireUnit(value: unknown, name: string): number {
  const number = requireFinite(value, name);
  if (number < 0 || number > 1)
    throw new RangeError(`${name} must be between 0 and 1, got ${number}`);
  return number;
}

/** Rounds to 6 decimals so that repeated additions land on the same numbers (0.5 + 3 × 0.15 is 0.95). */
export function roundConfidence(value: number): number {
  // + 0 turns -0 into 0.
  return Math.round(value * 1e6) / 1e6 + 0;
}

/** Clamps into [0, 1] and rounds. */
export function clampConfidence(value: number): number {
  return roundConfidence(Math.min(1, Math.max(0, value)));
}

const describe = (value: unknown) =>
  typeof value === "string" ? JSON.stringify(value) : String(value);
