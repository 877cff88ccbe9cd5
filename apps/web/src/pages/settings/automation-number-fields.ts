// The automation form's numbers: label, what each means to an admin, and the step of its input.
import type { NumberField } from "./automation-settings-draft";

type NumberInputSpec = { field: NumberField; label: string; description: string; step: number };

// The numbers on the form, in the groups an admin thinks of them in.
export const numberSections: { title: string; inputs: NumberInputSpec[] }[] = [
  {
    title: "Trust in a pattern's wording (confidence, moved by operators' feedback)",
    inputs: [
      {
        field: "autoExecuteThreshold",
        label: "Auto-send threshold",
        description: "Confidence a pattern needs to send on its own",
        step: 0.01,
      },
      {
        field: "suggestThreshold",
        label: "Suggest threshold",
        description: "Confidence to suggest a reply to the operator",
        step: 0.01,
      },
      {
        field: "queueThreshold",
        label: "Queue threshold",
        description: "Confidence to queue a reply for approval",
        step: 0.01,
      },
      {
        field: "minExecutionsForAuto",
        label: "Successes before auto-send",
        description: "Approved uses a pattern needs first",
        step: 1,
      },
    ],
  },
  {
    title: "Sureness about this message (the calibrated probability)",
    inputs: [
      {
        field: "autoMinProbability",
        label: "Probability to send by itself",
        description: "How likely the proposed reply must be the right one",
        step: 0.01,
      },
      {
        field: "autoMinPrecision",
        label: "Track record to send by itself",
        description: "Share of past proposals at least as sure that were right (95% lower bound)",
        step: 0.001,
      },
      {
        field: "suggestMinProbability",
        label: "Probability to suggest",
        description: "Below it, a proposal is not suggested",
        step: 0.01,
      },
      {
        field: "queueMinProbability",
        label: "Probability to queue",
        description: "Below it, a proposal is not queued for approval",
        step: 0.01,
      },
    ],
  },
  {
    title: "Match with what was learned",
    inputs: [
      {
        field: "minMatchScore",
        label: "Match score to propose",
        description: "Likeness to a learned question, 0 to 1",
        step: 0.01,
      },
      {
        field: "autoMinMatchScore",
        label: "Match score to send by itself",
        description: "Unless every word of the message is one the pattern learned",
        step: 0.01,
      },
      {
        field: "minMargin",
        label: "Margin to propose",
        description: "Lead over the next pattern; below it the message is ambiguous",
        step: 0.01,
      },
      {
        field: "autoMinMargin",
        label: "Margin to send by itself",
        description: "Lead over the next pattern an automatic reply needs",
        step: 0.01,
      },
    ],
  },
  {
    title: "Limits and timing",
    inputs: [
      {
        field: "maxAutoRepliesPerCustomer",
        label: "Automatic replies per customer",
        description: "At most this many within the window",
        step: 1,
      },
      {
        field: "autoReplyWindowMinutes",
        label: "Rate-limit window (minutes)",
        description: "The window the limit above counts in",
        step: 1,
      },
      {
        field: "queueExpiryHours",
        label: "Queue expiry (hours)",
        description: "A queued reply nobody approved expires after this long",
        step: 1,
      },
      {
        field: "alertWaitingMinutes",
        label: "Alert after waiting (minutes)",
        description: "Tell Slack and open dashboards when a reply waits this long for review",
        step: 1,
      },
    ],
  },
];
