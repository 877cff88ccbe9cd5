// What Playbook decided for a customer message, in the words an operator uses: how sure it is, and what it did or
// would do. The scores, gates and candidates stay in the decision trace, one click away.
import type { ConversationDecision } from "../reply-engine-types";

type Decision = Pick<
  ConversationDecision,
  "mode" | "intendedMode" | "probability" | "outcome" | "gates" | "proposedReply"
>;

const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 0 });

// The gate that held an automatic reply back, as the condition under which it would have gone out.
const wouldSendIf: Record<string, string> = {
  "system enabled": "if automation were on",
  "shadow mode": "if shadow mode were off",
  "pattern active": "if its pattern were switched on",
  "working hours": "during working hours",
  holiday: "on a working day",
  "rate limit": "if the hourly limit of automatic replies had not been reached",
};

function howSure(probability: number | null): string {
  return probability === null || !Number.isFinite(probability)
    ? "Playbook proposes this answer (it has no track record yet to say how sure it is)"
    : `Playbook is ${percent.format(probability)} sure this is the answer`;
}

export function describeDecision(decision: Decision): string {
  const { mode, intendedMode, probability } = decision;
  const blocked = decision.gates.find((g) => !g.passed);
  switch (mode) {
    case "none":
      return "Playbook has not seen a question like this: a person needs to answer it.";
    case "escalate":
      return "The customer needs a person (they asked for one, or sounded upset or urgent): Playbook stays out of it.";
    case "auto":
      return decision.outcome === "send_failed"
        ? `${howSure(probability)}; it tried to send it by itself, and the send failed.`
        : `${howSure(probability)}; it sent it by itself.`;
    case "shadow":
      return `${howSure(probability)}. Shadow mode is on, so it only watched: nobody saw this proposal.`;
    case "suggest":
    case "queue": {
      if (intendedMode === "auto" && blocked) {
        const condition = wouldSendIf[blocked.gate] ?? `but ${blocked.detail}`;
        return `${howSure(probability)}; it would send it by itself ${condition}.`;
      }
      return `${howSure(probability)}; it asks a person because it is not sure enough to send it alone.`;
    }
  }
}
