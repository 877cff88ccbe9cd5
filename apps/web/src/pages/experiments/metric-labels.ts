// How the experiment metrics read on the dashboard.
import type { RouterInputs } from "@playbook/api/router";

export type Metric = RouterInputs["experiments"]["start"]["primaryMetric"];

export const metricLabels: Record<Metric, string> = {
  accepted_as_is: "Accepted as is by the operator",
  not_asked_again: "Not asked again within 24 h",
  no_escalation: "No escalation within 24 h",
  thanked: "Customer said thanks",
  not_angry: "Customer not angry",
  satisfied: "Satisfied (survey 4-5, 👍, yes)",
};

export const metricOptions = Object.entries(metricLabels).map(([value, label]) => ({
  value,
  label,
}));
