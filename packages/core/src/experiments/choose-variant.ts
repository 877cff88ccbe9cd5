// Which wording of a pattern's answer a customer gets while the pattern has a running experiment. Every decision
// (live, playground) renders the reply through this, so a reply sent by itself, accepted from a suggestion or
// approved from the queue is the same variant's wording: the proposal is rendered once, here, and stored.
import { assignVariant } from "./assign-variant";

export type RunningVariant = {
  id: string;
  name: string;
  template: string;
  weight: number;
  isControl: boolean;
  /** Stopped for breaking its guardrail: its customers get the control's wording. */
  stopped: boolean;
};

export type RunningExperiment = { id: string; name: string; variants: RunningVariant[] };

/** The variant a decision used, as shown in the decision trace. */
export type ChosenVariant = {
  experimentId: string;
  experimentName: string;
  variantId: string;
  variantName: string;
  isControl: boolean;
  template: string;
  /** Why the customer got this variant. */
  detail: string;
  /** False when the customer's own variant was stopped: the reply is not counted for any variant. */
  counted: boolean;
};

/**
 * The customer's variant. The split is over every variant, stopped or not, so stopping one never moves another
 * customer to a different variant (stickiness holds); a stopped variant's customers get the control. With no
 * customer to hash (the playground without a phone), the control.
 */
export function chooseVariant(
  experiment: RunningExperiment,
  customerId: string | null,
): ChosenVariant | null {
  const control = experiment.variants.find((v) => v.isControl) ?? experiment.variants[0];
  if (!control) return null;
  const chosen = (variant: RunningVariant, detail: string, counted = true): ChosenVariant => ({
    experimentId: experiment.id,
    experimentName: experiment.name,
    variantId: variant.id,
    variantName: variant.name,
    isControl: variant.isControl,
    template: variant.template,
    detail,
    counted,
  });
  if (customerId === null) return chosen(control, "no customer to assign: control wording", false);
  const assignedId = assignVariant(
    experiment.id,
    customerId,
    experiment.variants.map((v) => ({ variantId: v.id, weight: v.weight })),
  );
  const assigned = experiment.variants.find((v) => v.id === assignedId)!;
  if (assigned.stopped && assigned !== control) {
    return chosen(
      control,
      `assigned "${assigned.name}", stopped by its guardrail: control wording, not counted`,
      false,
    );
  }
  return chosen(assigned, "assigned by a hash of customer and experiment");
}
