// Finishes history imports that a stopped process left half-done: processing resumes after the last committed
// batch. An upload cut off while it was still arriving cannot continue and is marked failed.
import { resumeImports } from "@playbook/core";
import type { JobDefinition } from "../job";

export const resumeImportsJob: JobDefinition = {
  name: "resume-imports",
  schedule: "0 * * * * *",
  description: "Resumes history imports left unfinished by a stopped process.",
  runOnStart: true,
  async run({ database, logger, signal }) {
    return resumeImports({ database, logger }, { signal });
  },
};
