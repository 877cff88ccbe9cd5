// What the soak counts once the backlog is worked off: what was acknowledged and stored, what was decided and
// sent, and every kind of harm (which must all be 0).
import { sql } from "drizzle-orm";
import type { FakeSentMessage } from "@playbook/core/testing";
import { queryRows, type Database } from "@playbook/db";
import type { WebhookLoad } from "./soak-load";

/**
 * The soak's own instrument, in its own database: the moment (clock_timestamp, not the transaction's start) and
 * the order in which each decision was written.
 */
export async function installDecisionClock(database: Database): Promise<void> {
  for (const statement of [
    `create table soak_decision_clock (seq bigserial primary key, message_id uuid not null,
       decided_at timestamptz not null default clock_timestamp())`,
    `create function soak_note_decision() returns trigger language plpgsql as $$
     begin insert into soak_decision_clock (message_id) values (new.message_id); return new; end $$`,
    `create trigger soak_decision_clock after insert on decisions
     for each row execute function soak_note_decision()`,
  ]) {
    await database.db.execute(sql.raw(statement));
  }
}

export interface SoakReport {
  rows: [label: string, value: number | string, harm: boolean][];
  harm: number;
  maxBacklogSeconds: number;
}

const SOAK = "+1902777%";

export async function countHarm(
  database: Database,
  load: WebhookLoad,
  fakeSent: FakeSentMessage[],
): Promise<SoakReport> {
  const { db } = database;
  const one = async (query: ReturnType<typeof sql>) =>
    Number((await queryRows<{ n: number }>(db, query))[0]?.n ?? 0);
  const stored = await queryRows<{ event_id: string }>(
    db,
    sql`select event_id from webhook_events where event_id like 'EVsoak%'`,
  );
  const storedIds = new Set(stored.map((r) => r.event_id));
  const lost = [...load.acknowledged].filter((id) => !storedIds.has(id)).length;
  const forgeriesStored = [...load.forged].filter((id) => storedIds.has(id)).length;
  const messages = await one(
    sql`select count(*) as n from messages m join customers c on c.id = m.customer_id
        where c.phone like ${SOAK} and m.direction = 'inbound'`,
  );
  const decisions = await one(
    sql`select count(*) as n from decisions d join messages m on m.id = d.message_id
        join customers c on c.id = m.customer_id where c.phone like ${SOAK}`,
  );
  const notOneDecision = await one(
    sql`select count(*) as n from messages m join customers c on c.id = m.customer_id
        where c.phone like ${SOAK} and m.direction = 'inbound'
          and (select count(*) from decisions d where d.message_id = m.id) <> 1`,
  );
  const stuck = await one(sql`select count(*) as n from webhook_events where status = 'pending'`);
  const soakSends = fakeSent.filter((m) => m.to.some((to) => to.startsWith("+1902777")));
  const attempts = await one(
    sql`select count(*) as n from messages m join customers c on c.id = m.customer_id
        where c.phone like ${SOAK} and m.sent_by_playbook`,
  );
  const afterStop = await sendsAfterStop(database, soakSends);
  const outOfOrder = await one(
    sql`select count(distinct k1.message_id) as n
        from soak_decision_clock k1 join messages m1 on m1.id = k1.message_id
        join soak_decision_clock k2 on k2.seq < k1.seq
        join messages m2 on m2.id = k2.message_id
        where m2.customer_id = m1.customer_id and m2.sent_at > m1.sent_at`,
  );
  const [latency] = await queryRows<{ max: number | null }>(
    db,
    sql`select max(extract(epoch from k.decided_at - e.received_at))::float8 as max
        from soak_decision_clock k join messages m on m.id = k.message_id
        join webhook_events e on e.raw_body::jsonb #>> '{data,object,id}' = m.provider_message_id`,
  );
  const rows: SoakReport["rows"] = [
    ["webhooks acknowledged", load.acknowledged.size, false],
    ["stored", storedIds.size, false],
    ["redeliveries sent", load.redeliveries, false],
    ["duplicates stored", stored.length - storedIds.size, true],
    ["lost (acknowledged, not stored)", lost, true],
    ["given up by the sender", load.gaveUp, true],
    ["forgeries sent", load.forged.size, false],
    ["forgeries accepted or stored", load.forgeriesAccepted + forgeriesStored, true],
    ["messages", messages, false],
    ["decisions per message", messages ? (decisions / messages).toFixed(3) : "-", false],
    ["messages without exactly one decision", notOneDecision, true],
    ["events stuck (pending)", stuck, true],
    ["sends at the fake OpenPhone", soakSends.length, false],
    ["duplicate sends", Math.max(0, soakSends.length - attempts), true],
    ["automatic sends after STOP", afterStop, true],
    ["messages decided out of order", outOfOrder, true],
    ["longest stored → decided (s)", (latency?.max ?? 0).toFixed(1), false],
  ];
  const harm = rows.reduce((sum, [, value, isHarm]) => sum + (isHarm ? Number(value) : 0), 0);
  return { rows, harm, maxBacklogSeconds: 0 };
}

/**
 * Automatic replies that reached OpenPhone while the customer's latest decided keyword was STOP, or that answer a
 * message the customer wrote after a STOP (and before a START).
 */
async function sendsAfterStop(database: Database, sends: FakeSentMessage[]): Promise<number> {
  const keywords = await queryRows<{ phone: string; body: string; decided_at: string }>(
    database.db,
    sql`select c.phone, m.body, k.decided_at from soak_decision_clock k
        join messages m on m.id = k.message_id join customers c on c.id = m.customer_id
        where c.phone like ${SOAK} and upper(trim(m.body)) in ('STOP', 'START')
        order by k.decided_at`,
  );
  let harm = 0;
  for (const send of sends) {
    const last = keywords
      .filter(
        (k) =>
          send.to.includes(k.phone) &&
          new Date(k.decided_at).getTime() <= send.receivedAt.getTime(),
      )
      .at(-1);
    if (last && last.body.trim().toUpperCase() === "STOP") harm += 1;
  }
  const [answered] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*) as n from decisions d join messages m on m.id = d.message_id
        where d.mode = 'auto' and d.outcome = 'sent' and (
          select upper(trim(k.body)) from messages k
          where k.customer_id = m.customer_id and k.direction = 'inbound' and k.sent_at <= m.sent_at
            and upper(trim(k.body)) in ('STOP', 'START')
          order by k.sent_at desc limit 1) = 'STOP'`,
  );
  return harm + Number(answered?.n ?? 0);
}

export function formatTable(report: SoakReport): string {
  const rows: [string, string][] = [
    ...report.rows.map(([label, value, harm]): [string, string] => [
      `${label}${harm ? " (harm)" : ""}`,
      String(value),
    ]),
    ["oldest undecided message, at most (s)", report.maxBacklogSeconds.toFixed(1)],
    ["harm in total", String(report.harm)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value.padStart(8)}`).join("\n");
}
