// Measures the outcomes of replies whose 24 hours are over, then looks at every running experiment: stops a
// variant that breaks its guardrail, declares a winner, and promotes it where the admin consented.
import { evaluateExperiments, measureReplyOutcomes } from "@playbook/core";
import type { JobDefinition } from "../job";

export const evaluateExperimentsJob: JobDefinition = {
  name: "evaluate-experiments",
  // Every 15 minutes: the sequential test may be looked at as often as we like.
  schedule: "*/15 * * * *",
  description:
    "Measures reply outcomes and evaluates running experiments (guardrails, winners, promotion).",
  async run({ engine }) {
    const now = engine.now();
    const outcomes = await measureReplyOutcomes(engine.database.db, now);
    const experiments = await evaluateExperiments(engine.database.db, now);
    return { ...outcomes, ...experiments };
  },
};
