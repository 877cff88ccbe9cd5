// Reads what an experiment's summary is computed from, for the worker's evaluation and the experiment page alike.
import { runStatement, statement, type Executor } from "@playbook/db";
import type { Experiment, ExperimentVariant } from "./start-experiment";
import {
  summarizeExperiment,
  type ExperimentSummary,
  type OutcomeRow,
  type SummaryOptions,
} from "./summarize-experiment";

const experimentOutcomes = statement(
  "playbook_experiment_outcomes",
  `select o.variant_id, o.replied_at, o.operator_action::text as operator_action, o.delivered, o.asked_again,
    o.reaction::text as reaction, o.escalated,
    (select s.score from satisfaction_surveys s where s.decision_id = o.decision_id and s.score is not null
      limit 1) as satisfaction
  from reply_outcomes o where o.experiment_id = $1 and o.variant_id is not null`,
);

// Customers by the variant they were assigned: what the sample-ratio check compares with the split.
const assignedCustomers = statement(
  "playbook_experiment_customers",
  `select d.variant_id, count(distinct m.customer_id)::int as customers
  from decisions d join messages m on m.id = d.message_id
  where d.experiment_id = $1 and d.variant_id is not null group by d.variant_id`,
);

type OutcomeRecord = {
  variant_id: string;
  replied_at: Date;
  operator_action: OutcomeRow["operatorAction"];
  delivered: boolean;
  asked_again: boolean;
  reaction: OutcomeRow["reaction"];
  escalated: boolean;
  satisfaction: number | null;
};

export async function loadExperimentSummary(
  executor: Executor,
  experiment: Experiment,
  variants: readonly ExperimentVariant[],
  options: Partial<SummaryOptions> = {},
): Promise<ExperimentSummary> {
  const [outcomes, customers] = await Promise.all([
    runStatement<OutcomeRecord>(executor, experimentOutcomes, [experiment.id]),
    runStatement<{ variant_id: string; customers: number }>(executor, assignedCustomers, [
      experiment.id,
    ]),
  ]);
  const rows: OutcomeRow[] = outcomes.map((o) => ({
    variantId: o.variant_id,
    repliedAt: new Date(o.replied_at),
    operatorAction: o.operator_action,
    delivered: o.delivered,
    askedAgain: o.asked_again,
    reaction: o.reaction,
    escalated: o.escalated,
    satisfaction: o.satisfaction === null ? null : Number(o.satisfaction),
  }));
  return summarizeExperiment(
    experiment,
    variants.map((v) => ({
      id: v.id,
      name: v.name,
      weight: v.weight,
      isControl: v.isControl,
      stopped: v.stoppedAt !== null,
    })),
    rows,
    new Map(customers.map((c) => [c.variant_id, Number(c.customers)])),
    { alpha: experiment.alpha, ...options },
  );
}
