// What the admin should look at: patterns to turn on or off, patterns to merge, jumps in a pattern's traffic.
import { refreshSmartSuggestions } from "@playbook/core";
import type { JobDefinition } from "../job";

export const smartSuggestionsJob: JobDefinition = {
  name: "smart-suggestions",
  // Hourly: the findings rest on days and weeks of traffic, an hour late is on time.
  schedule: "41 * * * *",
  description:
    "Finds patterns to turn on, turn off or merge, and jumps in a pattern's volume or escalations.",
  runOnStart: true,
  async run({ engine }) {
    return refreshSmartSuggestions(engine.database.db, engine.now());
  },
};
