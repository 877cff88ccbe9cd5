// The optional satisfaction text (settings: satisfactionTextEnabled, satisfactionTextWording): records the answers
// to questions already sent, then asks about conversations resolved since the last run.
import { recordSatisfactionAnswers, sendSatisfactionTexts } from "@playbook/core";
import type { JobDefinition } from "../job";

export const satisfactionTextsJob: JobDefinition = {
  name: "satisfaction-texts",
  schedule: "*/10 * * * *",
  description: "Sends the satisfaction text after resolved conversations and records the answers.",
  async run({ engine }) {
    const answers = await recordSatisfactionAnswers(engine);
    const texts = await sendSatisfactionTexts(engine);
    return { ...answers, ...texts };
  },
};
