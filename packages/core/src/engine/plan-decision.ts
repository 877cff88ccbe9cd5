// Works out what to do with one customer message: match it, weigh the pattern's trust, run every gate.
// Reads only; nothing is written, so the playground's dry run and the live path share this one function.
import { columnsOf, runStatement, statement, type Executor } from "@playbook/db";
import { patterns, type DecisionCandidate, type DecisionGate } from "@playbook/db/schema";
import { decidePolicy, type PolicyDecision } from "../decisions/decide-policy";
import { detectEscalation } from "../learning/detect-escalation";
import { composeReply } from "../learning/compose-reply";
import {
  chooseVariant,
  type ChosenVariant,
  type RunningExperiment,
} from "../experiments/choose-variant";
import { maskPii } from "../learning/mask-pii";
import { isHoldingReply } from "../learning/reply-framing";
import type { ProposalEvidence } from "../matching/calibrate-probability";
import type { Settings } from "../settings/settings";
import type { Proposal } from "./pattern-index";
import type { ReplyEngine } from "./reply-engine";

type PatternRow = typeof patterns.$inferSelect;

const patternColumns = columnsOf(patterns, "p");
// Automatic decisions, not sent messages: a customer's earlier messages were decided (one at a time, in order)
// before their replies went out.
const candidatePatterns = statement(
  "playbook_candidate_patterns",
  `select ${patternColumns.list},
    (select count(*)::int from decisions d join messages m on m.id = d.message_id
      where m.customer_id = $2 and d.mode = 'auto' and d.created_at >= $3) as automated,
    (select json_build_object('id', e.id, 'name', e.name, 'variants',
        (select json_agg(json_build_object('id', v.id, 'name', v.name, 'template', v.template,
          'weight', v.weight, 'isControl', v.is_control, 'stopped', v.stopped_at is not null) order by v.position)
         from experiment_variants v where v.experiment_id = e.id))
      from experiments e where e.pattern_id = p.id and e.status = 'running') as experiment
  from patterns p where p.id = any(string_to_array($1, ',')::uuid[])`,
  // The count joins two tables that grow with every message: planned once on a new database, it scanned both.
  { planEachRun: true },
);

export interface PlanDecisionInput {
  text: string;
  customer: {
    id: string | null;
    name: string | null;
    isVip: boolean;
    optedOut: boolean;
  };
  now: Date;
  /** When the customer sent it; a message decided much later is not answered automatically. */
  sentAt?: Date;
}

export interface DecisionPlan {
  mode: PolicyDecision["mode"];
  intendedMode: PolicyDecision["intendedMode"];
  gates: DecisionGate[];
  candidates: DecisionCandidate[];
  pattern: PatternRow | null;
  /** The best live candidate even when it was too weak to act on ("none"): what replay measures. */
  bestPattern: PatternRow | null;
  matchScore: number | null;
  margin: number | null;
  /** Calibrated probability that the best candidate's reply is what an operator would send. */
  probability: number | null;
  /** What that probability was computed from: stored so the proposal's judgment can calibrate later ones. */
  evidence: ProposalEvidence | null;
  proposedReply: string | null;
  /** The best candidate's reply even when nothing was proposed: what replay scores as top-1. */
  bestReply: string | null;
  unresolvedVariables: string[];
  escalation: { escalate: boolean; reasons: string[] };
  /** The experiment variant whose wording the reply uses, when the pattern has a running experiment. */
  variant: ChosenVariant | null;
}

// Candidates looked at beyond the first, so a deleted pattern at the top does not hide the next one.
export const decisionCandidateLimit = 5;

/**
 * What the match index is searched with: the customer's own words with PII masked, not a template ("open on
 * Sunday" and "open on Monday" are different questions, and a template would make both "open on {{date}}").
 */
export function matchQueryFor(text: string): string {
  return maskPii(text).text;
}

export async function planDecision(
  engine: ReplyEngine,
  executor: Executor,
  settings: Settings,
  input: PlanDecisionInput,
): Promise<DecisionPlan> {
  await engine.index.refresh(executor);
  const found = engine.index.propose(matchQueryFor(input.text), decisionCandidateLimit);

  // The candidates and the customer's recent automated replies in one round trip: this runs for every message.
  const since = new Date(input.now.getTime() - settings.autoReplyWindowMinutes * 60_000);
  const fetched =
    found.candidates.length === 0
      ? []
      : await runStatement(executor, candidatePatterns, [
          found.candidates.map((c) => c.patternId).join(","),
          input.customer.id,
          since,
        ]);
  const rows = fetched.map((row) => patternColumns.read(row));
  const experiments = new Map<string, RunningExperiment>();
  fetched.forEach((row, i) => {
    if (row.experiment) experiments.set(rows[i]!.id, row.experiment as RunningExperiment);
  });
  return planFromMatch({
    settings,
    text: input.text,
    customer: input.customer,
    experiments,
    now: input.now,
    sentAt: input.sentAt,
    proposal: found,
    patternsById: new Map(rows.map((row) => [row.id, row])),
    automatedRepliesInWindow: Number(fetched[0]?.automated ?? 0),
  });
}

export interface PlanFromMatchInput {
  settings: Settings;
  text: string;
  customer: { id?: string | null; name: string | null; isVip: boolean; optedOut: boolean };
  now: Date;
  sentAt?: Date | undefined;
  /** Running experiments by pattern id: the customer's variant's wording replaces the pattern's template. */
  experiments?: ReadonlyMap<string, RunningExperiment>;
  /** What the pattern index proposes for the message, best first. */
  proposal: Proposal;
  /** The candidates' patterns as they stand; a missing or deleted one is passed over. */
  patternsById: ReadonlyMap<string, PatternRow>;
  /** Automatic decisions for this customer within `autoReplyWindowMinutes`. */
  automatedRepliesInWindow: number;
}

/**
 * The decision for a matched message, given the candidates' patterns: the live path, the dry run and history
 * replay all decide through this one function.
 */
export function planFromMatch(input: PlanFromMatchInput): DecisionPlan {
  const byId = input.patternsById;
  const { proposal, settings } = input;
  const live = proposal.candidates.filter((c) => {
    const row = byId.get(c.patternId);
    return row !== undefined && row.deletedAt === null;
  });
  const top = live[0];
  const pattern = top ? (byId.get(top.patternId) ?? null) : null;
  // The proposal's probability and evidence are about its first candidate: only valid while that one stands.
  const first = top !== undefined && top === proposal.candidates[0];
  const probability = first ? proposal.probability : null;
  const precisionAbove = first ? proposal.precisionAbove : null;
  const margin = top
    ? first
      ? proposal.margin
      : top.probability - (live[1]?.probability ?? 0)
    : null;

  const experiment = pattern ? input.experiments?.get(pattern.id) : undefined;
  const variant = experiment ? chooseVariant(experiment, input.customer.id ?? null) : null;
  const template = variant?.template ?? pattern?.responseTemplate ?? "";
  const rendered = pattern
    ? composeReply({
        template,
        values: pattern.variableDefaults,
        customerName: input.customer.name,
        greeting: settings.replyGreeting,
        signOff: settings.replySignOff,
      })
    : null;

  const escalation = detectEscalation(input.text, settings);

  const policy = decidePolicy({
    settings: input.settings,
    now: input.now,
    match:
      top && margin !== null
        ? {
            patternId: top.patternId,
            score: top.score,
            margin,
            probability,
            precisionAbove,
            familiarWords: top.familiarWords,
          }
        : null,
    pattern: pattern
      ? {
          id: pattern.id,
          isActive: pattern.isActive,
          autoExecutable: pattern.autoExecutable,
          confidence: pattern.confidence,
          successCount: pattern.successCount,
          deletedAt: pattern.deletedAt,
        }
      : null,
    customer: {
      isVip: input.customer.isVip,
      optedOut: input.customer.optedOut,
      automatedRepliesInWindow: input.automatedRepliesInWindow,
    },
    escalation,
    unresolvedVariables: rendered?.missing ?? [],
    holdingReply: pattern ? isHoldingReply(template) : false,
    messageAgeMs: input.sentAt ? input.now.getTime() - input.sentAt.getTime() : 0,
  });

  // A message escalated although nothing matched well enough proposes nothing: the weak candidate is only
  // reported as the best one.
  const acted = policy.mode !== "none" && policy.intendedMode !== "none";
  return {
    mode: policy.mode,
    intendedMode: policy.intendedMode,
    gates: policy.gates,
    candidates: live.map((c) => ({
      patternId: c.patternId,
      score: round(c.score),
      probability: round(c.probability),
      confidence: byId.get(c.patternId)?.confidence ?? 0,
    })),
    bestPattern: pattern,
    pattern: acted ? pattern : null,
    matchScore: top ? round(top.score) : null,
    margin: margin === null ? null : round(margin),
    probability: probability === null ? null : Math.round(probability * 1e6) / 1e6,
    evidence: first ? proposal.evidence : null,
    proposedReply: acted ? (rendered?.text ?? null) : null,
    bestReply: rendered?.text ?? null,
    unresolvedVariables: rendered?.missing ?? [],
    escalation,
    variant,
  };
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
