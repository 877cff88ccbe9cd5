// Everything one contractor's advice reads, in one statement with fixed text: the current refresh, the growth
// settings, the contractor's profile with revenue and activities, and their stored goals with outcomes. The advice
// path is round-trip bound: each statement costs a socket write and a wake-up, more CPU than the work it asks for.
import { columnsOf, runStatement, statement, type Executor } from "@playbook/db";
import { growthGoals, growthOutcomes } from "@playbook/db/schema";
import { notFound } from "../errors";
import type { ContractorFactsRow } from "./contractor-facts";
import { growthSettingKeys, parseGrowthSettings, type GrowthSettings } from "./growth-settings";
import type { TierLadder } from "./tier-ladder";

const goal = columnsOf(growthGoals, "g");
const outcome = columnsOf(growthOutcomes, "o");
const settingKeys = growthSettingKeys.map((k) => `'${k}'`).join(", ");

/** One row per stored goal (active first, then by priority and name), or one row without a goal. */
const readInputs = statement(
  "growth_advice_inputs",
  `with c as materialized (
     select name, joined_at - date '1970-01-01' as "joinedDay", team_size as "teamSize", stage,
            focus_areas as "focusAreas",
            coalesce((select json_agg(json_build_object('day', as_of - date '1970-01-01',
                                                        'revenue', revenue, 'tier', tier) order by as_of)
                      from growth_revenue r where r.contractor_id = c.contractor_id), '[]') as "revenue",
            coalesce((select json_agg(distinct jsonb_build_object('kind', kind, 'name', name))
                      from growth_activities a where a.contractor_id = c.contractor_id), '[]') as "activities",
            (select json_build_object('id', id, 'ladder', ladder) from growth_refreshes
              where is_current) as "current",
            (select coalesce(json_object_agg(key, value), '{}') from config
              where key in (${settingKeys})) as "settings"
     from growth_contractors c where contractor_id = $1)
   select c.*, ${goal.list}, ${outcome.list}
   from c left join growth_goals g on g.contractor_id = $1
          left join growth_outcomes o on o.goal_id = g.id
   order by g.active desc, g.priority desc, g.factor_name asc`,
);

export type StoredGoalWithOutcome = typeof growthGoals.$inferSelect & {
  outcome: typeof growthOutcomes.$inferSelect | null;
};

export interface AdviceInputs {
  current: { id: string; ladder: TierLadder } | null;
  settings: GrowthSettings;
  contractor: ContractorFactsRow;
  goals: StoredGoalWithOutcome[];
}

export async function readAdviceInputs(db: Executor, contractorId: string): Promise<AdviceInputs> {
  const rows = await runStatement(db, readInputs, [contractorId]);
  const first = rows[0];
  if (!first) throw notFound("Contractor");
  return {
    current: first.current as AdviceInputs["current"],
    settings: parseGrowthSettings(first.settings as Record<string, unknown>),
    contractor: first as unknown as ContractorFactsRow,
    goals: rows
      .filter((r) => r["g.id"] !== null)
      .map((r) => ({
        ...goal.read(r),
        outcome: r["o.goalId"] === null ? null : outcome.read(r),
      })),
  };
}
