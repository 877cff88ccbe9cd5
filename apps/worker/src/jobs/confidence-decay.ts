// The daily confidence decay of patterns nobody used (settings: confidenceDecayDaily, decayFloor).
import { decayUnusedPatterns } from "@playbook/core";
import type { JobDefinition } from "../job";

export const confidenceDecayJob: JobDefinition = {
  name: "confidence-decay",
  // Once a day; the decay itself refuses to run twice within 20 hours for a pattern.
  schedule: "17 3 * * *",
  description: "Lowers the confidence of patterns unused for longer than unusedDaysBeforeDecay.",
  async run({ engine }) {
    return decayUnusedPatterns(engine.database.db, engine.now());
  },
};
