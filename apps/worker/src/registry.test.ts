import { describe, expect, it } from "vitest";
import type { JobDefinition } from "./job";
import { jobs, validateJobs } from "./registry";

const job = (name: string, schedule = "* * * * *"): JobDefinition => ({
  name,
  schedule,
  description: "test job",
  run: () => Promise.resolve(),
});

describe("job registry", () => {
  it("lists the heartbeat, and its own list passes validation", () => {
    expect(jobs.map((entry) => entry.name)).toContain("heartbeat");
    expect(() => validateJobs(jobs)).not.toThrow();
  });

  it("accepts unique kebab-case names with five- or six-field schedules", () => {
    expect(() =>
      validateJobs([job("confidence-decay", "0 3 * * *"), job("tick", "*/5 * * * * *")]),
    ).not.toThrow();
  });

  it("rejects two jobs with the same name", () => {
    expect(() => validateJobs([job("heartbeat"), job("other"), job("heartbeat")])).toThrow(
      'Job name "heartbeat" is used twice',
    );
  });

  it.each(["not a cron", "61 * * * *", "* * * *", ""])("rejects the schedule %j", (schedule) => {
    expect(() => validateJobs([job("bad-schedule", schedule)])).toThrow(
      'Job "bad-schedule" has an invalid cron expression',
    );
  });

  it.each(["Heartbeat", "cohort_refresh", "", "-x", "a--b"])("rejects the name %j", (name) => {
    expect(() => validateJobs([job(name)])).toThrow("is not kebab-case");
  });
});
