// Sticky assignment: a customer always gets the same variant of an experiment, whichever process decides and however
// the reply goes out (sent by itself, accepted from a suggestion, approved from the queue), because the variant is a
// function of the customer and the experiment alone. Different experiments split customers independently.
import { createHash } from "node:crypto";

export type VariantWeight = { variantId: string; weight: number };

/** A number in [0, 1) from a hash of the experiment and the customer: the same pair always gives the same one. */
export function assignmentPoint(experimentId: string, customerId: string): number {
  const digest = createHash("sha256").update(`${experimentId}\u0000${customerId}`).digest();
  // 48 bits are plenty for a traffic split and stay exact in a double.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** The variant this customer gets in this experiment, by the experiment's traffic split. */
export function assignVariant(
  experimentId: string,
  customerId: string,
  split: readonly VariantWeight[],
): string {
  if (split.length === 0) throw new RangeError("an experiment needs at least one variant");
  if (split.some((v) => !(Number.isFinite(v.weight) && v.weight > 0))) {
    throw new RangeError("every variant's weight must be a number > 0");
  }
  if (new Set(split.map((v) => v.variantId)).size !== split.length) {
    throw new RangeError("variant ids must differ");
  }
  const total = split.reduce((sum, v) => sum + v.weight, 0);
  const point = assignmentPoint(experimentId, customerId) * total;
  let upTo = 0;
  for (const variant of split) {
    upTo += variant.weight;
    if (point < upTo) return variant.variantId;
  }
  // Rounding at the very top of the range.
  return split[split.length - 1]!.variantId;
}
