// Finds what people must hear about (escalations, queue items waiting too long, failed sends, the kill switch)
// and records one alert per key. The key makes it idempotent: two processes or a retried job insert nothing twice.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Executor } from "@playbook/db";
import { getSettings } from "../settings/settings";

/** How far back an escalation, failed send or kill switch is still news (after an outage of the worker, say). */
export const ALERT_LOOKBACK_MS = 6 * 60 * 60 * 1000;
/** Queue items older than this are not alerted any more: they have been waiting for a day already. */
const WAITING_LOOKBACK_MS = 24 * 60 * 60 * 1000;
/**
 * How long an alert's row is kept once Slack is done with it. The row is what stops an alert being sent twice,
 * so it must outlive every lookback above: nothing older than those is ever collected again.
 */
export const ALERTS_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

export interface CollectAlertsOptions {
  now: Date;
  /** Whether Slack will be told; without a webhook the alerts are recorded for the dashboard only. */
  slackConfigured: boolean;
}

export async function collectAlerts(
  executor: Executor,
  opts: CollectAlertsOptions,
): Promise<{ created: number }> {
  const settings = await getSettings(executor);
  const rows = await queryRows<{ key: string }>(
    executor,
    collectAlertsStatement(opts, settings.alertWaitingMinutes),
  );
  return { created: rows.length };
}

/** The one statement that finds what is news and records an alert for each (a planner test reads its plan). */
export function collectAlertsStatement(
  opts: CollectAlertsOptions,
  alertWaitingMinutes: number,
): SQL {
  const { now } = opts;
  const since = new Date(now.getTime() - ALERT_LOOKBACK_MS);
  const waitingBefore = new Date(now.getTime() - alertWaitingMinutes * 60_000);
  const waitingSince = new Date(now.getTime() - WAITING_LOOKBACK_MS);
  const state = opts.slackConfigured ? "pending" : "skipped";
  const who = sql`coalesce(nullif(trim(c.name), ''), c.phone)`;
  return sql`with candidates (key, kind, conversation_id, title) as (
        select 'escalation:' || v.id || ':' || floor(extract(epoch from v.escalated_at) * 1000)::bigint,
          'escalation'::alert_kind, v.id, 'Escalated: ' || ${who} || ' needs a person'
        from conversations v join customers c on c.id = v.customer_id
        where v.escalated_at >= ${since}
        union all
        select 'waiting:' || d.id, 'waiting'::alert_kind, d.conversation_id,
          'Waiting over ' || ${alertWaitingMinutes} || ' min: ' || ${who} || ' has a reply to review'
        from decisions d
        join conversations v on v.id = d.conversation_id
        join customers c on c.id = v.customer_id
        where d.outcome = 'pending' and d.mode in ('suggest', 'queue')
          and d.created_at <= ${waitingBefore} and d.created_at >= ${waitingSince}
        union all
        select 'send_failed:' || d.id, 'send_failed'::alert_kind, d.conversation_id,
          'Reply not sent: the send to ' || ${who} || ' failed'
        from decisions d
        join conversations v on v.id = d.conversation_id
        join customers c on c.id = v.customer_id
        where d.outcome = 'send_failed' and d.outcome_at >= ${since}
        union all
        select 'kill_switch:' || a.id, 'kill_switch'::alert_kind, null::uuid,
          'Kill switch pulled: all automation is off'
        from audit_log a
        where a.action = 'automation.kill_switch' and a.at >= ${since}
      )
      insert into alerts (key, kind, conversation_id, title, slack_state, next_attempt_at, created_at)
      select key, kind, conversation_id, title, ${state}::alert_delivery_state, ${now}, ${now} from candidates
      on conflict (key) do nothing
      returning key`;
}

/**
 * Deletes alerts older than ALERTS_KEPT_MS that Slack is done with (sent, skipped or failed); one still waiting for a
 * retry is kept. Returns how many were deleted.
 */
export async function pruneAlerts(executor: Executor, now: Date): Promise<number> {
  const rows = await queryRows<{ key: string }>(
    executor,
    sql`delete from alerts
        where created_at < ${new Date(now.getTime() - ALERTS_KEPT_MS)} and slack_state <> 'pending'
        returning key`,
  );
  return rows.length;
}
