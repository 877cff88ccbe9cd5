// A contractor's goals and recommendations from the patterns of the cohorts they match: each driver they have not
// done yet becomes a goal with its evidence sentence, checklist and data gaps; partners and content are ranked by
// lift, usage and satisfaction. Nothing rests on fewer than 5 contractors; poor outcomes rank lower.
import type { GrowthChecklistItem } from "@playbook/db/schema";
import type { ContractorFacts } from "./contractor-facts";
import { did, factorKey, percent, type Factor } from "./describe-pattern";
import { MIN_CONTRACTORS } from "./evidence-confidence";
import { patternKey, type GrowthModel, type StoredPattern } from "./growth-model";
import type { CohortMatch } from "./match-contractor";
import { isPoorOutcome, outcomeConfidence } from "./outcome-confidence";

/** Goals per contractor, at most. */
export const MAX_GOALS = 5;
/** Supporting items under a goal's own action, at most. */
const MAX_SUPPORT = 4;
const POOR_FACTOR = 0.5;
const contentKinds = new Set(["book", "podcast", "event"]);
const checklistKinds = new Set(["milestone", "partner", "book", "podcast", "event"]);

export function actionFor(f: Factor): string {
  const text = did(f);
  // "used X" → "Use X", "reached the milestone" → "Reach the milestone", …
  const verbs: Record<string, string> = {
    used: "Use",
    reached: "Reach",
    read: "Read",
    "listened to": "Listen to",
    attended: "Attend",
    "focused on": "Focus on",
    hired: "Hire",
    "grew their team": "Grow the team",
    did: "Do",
  };
  for (const [past, now] of Object.entries(verbs)) {
    if (text.startsWith(past)) return now + text.slice(past.length);
  }
  return text;
}

const usage = (p: StoredPattern) => p.moversWith / p.movers;
const liftPart = (p: StoredPattern) => Math.min(1, Math.max(0, ((p.lift ?? 1) - 1) / 2));

export interface PatternOutcome {
  outcomeConfidence: number | null;
  attempts: number;
  poor: boolean;
}

export function patternOutcome(model: GrowthModel, p: StoredPattern): PatternOutcome {
  const tally = model.outcomes.get(patternKey(p));
  return {
    outcomeConfidence: tally ? outcomeConfidence(tally) : null,
    attempts: tally?.attempts ?? 0,
    poor: tally ? isPoorOutcome(tally) : false,
  };
}

export interface GoalDraft {
  fromTier: string;
  toTier: string;
  factorKind: string;
  factorName: string;
  description: string;
  targetMilestone: string;
  priority: number;
  patternSource: string;
  matchScore: number;
  evidenceConfidence: number;
  checklist: Omit<GrowthChecklistItem, "done" | "doneAt" | "doneBy">[];
  dataGaps: string[];
}

/** "Based on 52 contractors who went from 5-10M to 11-20M: 79% used CRM Pro first, against 35% of …" */
export function patternSource(p: StoredPattern): string {
  const factor = { kind: p.factorKind, name: p.factorName };
  return (
    `Based on ${p.movers} contractors who went from ${p.fromTier} to ${p.toTier}: ` +
    `${percent(usage(p))} ${did(factor)} first (${p.moversWith} of ${p.movers}), against ` +
    `${percent(p.comparatorShare)} of those who had not moved up by the same time`
  );
}

/** 1-10 from the pattern's evidence (40%), lift (30%) and the match (30%); halved for poor outcomes. */
export function goalPriority(p: StoredPattern, match: number, poor: boolean): number {
  const score = 0.4 * p.evidenceConfidence + 0.3 * liftPart(p) + 0.3 * match;
  return Math.max(1, Math.round(10 * score * (poor ? POOR_FACTOR : 1)));
}

export function dataGaps(facts: ContractorFacts, lastDataDay: number | null): string[] {
  const gaps: string[] = [];
  if (facts.profile.teamSize === null) gaps.push("team size unknown");
  if (facts.profile.stage === null) gaps.push("stage unknown");
  if (facts.profile.focusAreas.length === 0) gaps.push("focus areas unknown");
  if (facts.joinedDay === null) gaps.push("joining date unknown (time in tier uncertain)");
  if (facts.activities === 0) gaps.push("no partners, content or milestones recorded");
  const last = facts.observations.at(-1)?.day;
  if (last === undefined) gaps.push("revenue unknown");
  else if (lastDataDay !== null && lastDataDay - last > 180)
    gaps.push("no revenue in the last 6 months");
  return gaps;
}

const factorOf = (p: StoredPattern): Factor => ({ kind: p.factorKind, name: p.factorName });
const enough = (p: StoredPattern) => p.movers >= MIN_CONTRACTORS && p.moversWith >= MIN_CONTRACTORS;

export function draftGoals(
  model: GrowthModel,
  facts: ContractorFacts,
  matches: readonly CohortMatch[],
  lastDataDay: number | null,
): GoalDraft[] {
  const gaps = dataGaps(facts, lastDataDay);
  const drafts: GoalDraft[] = [];
  const seen = new Set<string>();
  for (const match of matches) {
    const patterns = (model.patternsByTier.get(match.cohort.tierIndex) ?? []).filter(enough);
    const support = patterns
      .filter((p) => p.verdict !== "slower" && checklistKinds.has(p.factorKind))
      .filter((p) => !facts.done.has(factorKey(factorOf(p))))
      .sort((a, b) => usage(b) - usage(a));
    for (const p of patterns) {
      const key = factorKey(factorOf(p));
      if (p.verdict !== "driver" || facts.done.has(key) || seen.has(key)) continue;
      seen.add(key);
      const { poor } = patternOutcome(model, p);
      drafts.push({
        fromTier: p.fromTier,
        toTier: p.toTier,
        factorKind: p.factorKind,
        factorName: p.factorName,
        description: `${actionFor(factorOf(p))}, as most contractors who moved up from ${p.fromTier} to ${p.toTier} did first`,
        targetMilestone:
          p.factorKind === "milestone" ? p.factorName : `Move up from ${p.fromTier} to ${p.toTier}`,
        priority: goalPriority(p, match.score, poor),
        patternSource: patternSource(p),
        matchScore: match.score,
        evidenceConfidence: p.evidenceConfidence,
        checklist: [
          { key, text: actionFor(factorOf(p)) },
          ...support
            .filter((s) => factorKey(factorOf(s)) !== key)
            .slice(0, MAX_SUPPORT)
            .map((s) => ({
              key: factorKey(factorOf(s)),
              text: `${actionFor(factorOf(s))} (${percent(usage(s))} of those who moved up had)`,
            })),
        ],
        dataGaps: gaps,
      });
    }
  }
  return drafts.sort((a, b) => b.priority - a.priority).slice(0, MAX_GOALS);
}

export interface Recommendation {
  kind: string;
  name: string;
  fromTier: string;
  toTier: string;
  usage: number;
  lift: number | null;
  satisfaction: { mean: number; ratings: number } | null;
  outcomeConfidence: number | null;
  poorOutcomes: boolean;
  score: number;
  sentence: string;
}

/**
 * Partners and content (books, podcasts, events) of the matched cohorts, not done yet: score = 0.5 lift part +
 * 0.3 usage + 0.2 satisfaction / 5, the weights spread over what is known (satisfaction needs 5 ratings), times
 * the cohort's match score; halved for poor outcomes. One entry per item, from its best-scoring cohort.
 */
export function recommend(
  model: GrowthModel,
  facts: ContractorFacts,
  matches: readonly CohortMatch[],
): { partners: Recommendation[]; content: Recommendation[] } {
  const best = new Map<string, Recommendation>();
  for (const match of matches) {
    for (const p of model.patternsByTier.get(match.cohort.tierIndex) ?? []) {
      if (!enough(p) || p.verdict === "slower") continue;
      if (p.factorKind !== "partner" && !contentKinds.has(p.factorKind)) continue;
      const factor = factorOf(p);
      const key = factorKey(factor);
      if (facts.done.has(key)) continue;
      const satisfaction = model.satisfaction.get(key) ?? null;
      const outcome = patternOutcome(model, p);
      const known = 0.8 + (satisfaction ? 0.2 : 0);
      const raw =
        (0.5 * liftPart(p) + 0.3 * usage(p) + (satisfaction ? (0.2 * satisfaction.mean) / 5 : 0)) /
        known;
      // The nearest fitting cohort counts most: its match score scales the rest.
      const score = Math.round(raw * match.score * (outcome.poor ? POOR_FACTOR : 1) * 1000) / 1000;
      if ((best.get(key)?.score ?? -1) >= score) continue;
      const lift =
        p.lift !== null && p.lift > 1
          ? `, ${p.lift.toFixed(1)} times the share of those who had not moved up`
          : "";
      const rated = satisfaction
        ? `; average satisfaction ${satisfaction.mean.toFixed(1)} of 5 (${satisfaction.ratings} contractors)`
        : "";
      best.set(key, {
        kind: p.factorKind,
        name: p.factorName,
        fromTier: p.fromTier,
        toTier: p.toTier,
        usage: usage(p),
        lift: p.lift,
        satisfaction,
        outcomeConfidence: outcome.outcomeConfidence,
        poorOutcomes: outcome.poor,
        score,
        sentence:
          `${percent(usage(p))} of contractors who went from ${p.fromTier} to ${p.toTier} ${did(factor)} ` +
          `before moving up (${p.moversWith} of ${p.movers})${lift}${rated}.`,
      });
    }
  }
  const ranked = [...best.values()].sort((a, b) => b.score - a.score);
  return {
    partners: ranked.filter((r) => r.kind === "partner"),
    content: ranked.filter((r) => r.kind !== "partner"),
  };
}
