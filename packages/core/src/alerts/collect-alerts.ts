// Finds what people must hear about (escalations, queue items waiting too long, failed sends, the kill switch)
// and records one alert per key. The key makes it idempotent: two processes or a retried job insert nothing twice.
import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "@playbook/db";
import { getSettings } from "../settings/settings";

/** How far back an escalation, failed send or kill switch is still news (after an outage of the worker, say). */
export const ALERT_LOOKBACK_MS = 6 * 60 * 60 * 1000;
/** Queue items older than this are not alerted any more: they have been waiting for a day already. */
const WAITING_LOOKBACK_MS = 24 * 60 * 60 * 1000;

export interface CollectAlertsOptions {
  now: Date;
  /** Whether Slack will be told; without a webhook the alerts are recorded for the dashboard only. */
  slackConfigured: boolean;
}

export async function collectAlerts(
  executor: Executor,
  opts: CollectAlertsOptions,
): Promise<{ created: number }> {
  const { now } = opts;
  const settings = await getSettings(executor);
  const since = new Date(now.getTime() - ALERT_LOOKBACK_MS);
  const waitingBefore = new Date(now.getTime() - settings.alertWaitingMinutes * 60_000);
  const waitingSince = new Date(now.getTime() - WAITING_LOOKBACK_MS);
  const state = opts.slackConfigured ? "pending" : "skipped";
  const who = sql`coalesce(nullif(trim(c.name), ''), c.phone)`;
  const rows = await queryRows<{ key: string }>(
    executor,
    sql`with candidates (key, kind, conversation_id, title) as (
        select 'escalation:' || v.id || ':' || floor(extract(epoch from v.escalated_at) * 1000)::bigint,
          'escalation'::alert_kind, v.id, 'Escalated: ' || ${who} || ' needs a person'
        from conversations v join customers c on c.id = v.customer_id
        where v.escalated_at >= ${since}
        union all
        select 'waiting:' || d.id, 'waiting'::alert_kind, d.conversation_id,
          'Waiting over ' || ${settings.alertWaitingMinutes} || ' min: ' || ${who} || ' has a reply to review'
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
      returning key`,
  );
  return { created: rows.length };
}
