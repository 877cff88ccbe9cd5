// Claims a stored webhook event for processing, in one statement: whether it is its customer's next (the order
// rule below), the claim itself, and the settings the decision will use. It runs for every message, so it is one
// round trip with fixed text (see @playbook/db's statement.ts) instead of the four queries it was.
import { runStatement, statement, type Tx } from "@playbook/db";
import { settingKeys, settingsFromStored, type Settings } from "../settings/settings";

export type Claim =
  /** Nothing pending (for a customer), or the event is gone. */
  | { status: "none" }
  /** The customer's next event waits for its back-off after a failed attempt: nothing after it may go first. */
  | { status: "backed_off"; id: string }
  /** An earlier message of the customer is undecided, or another transaction is deciding one now. */
  | { status: "deferred"; id: string }
  /** Not pending any more, or backed off: another processor had it. */
  | { status: "skipped"; id: string }
  | {
      status: "claimed";
      id: string;
      rawBody: string;
      receivedAt: Date;
      /** Attempts before this one. */
      attemptsBefore: number;
      settings: Settings;
      /** Other events of the customer were pending when this one was claimed. */
      more: boolean;
    };

for (const key of settingKeys) {
  if (!/^[a-zA-Z]+$/.test(key))
    throw new Error(`setting key ${key} cannot be written into a statement`);
}
const settingsRead = `(select coalesce(json_object_agg(key, value order by key), '{}'::json) from config
  where key in (${settingKeys.map((key) => `'${key}'`).join(", ")}))`;

/*
 * A customer's messages are decided in the order they were sent, across processes, restarts and the sweep: an
 * event is decided only while this transaction holds its customer's lock and no earlier stored message of the
 * customer is still pending (a STOP among them is decided before anything after it). The lock is a transaction
 * advisory lock, so a crashed process releases it with its connection. An automatic reply still being sent counts
 * as undecided too: a STOP is decided only once no reply to an earlier message can still reach the customer (a
 * send interrupted by a crash holds the customer until fail-interrupted-sends marks it failed, within minutes).
 * Events stored before the customer was recorded on them (older versions) are not ordered.
 *
 * The claim is the row lock of marking the event processed: another processor waits for this transaction, then
 * finds the event done; if anything after fails, the rollback undoes the mark.
 */
const claimTail = `, gate as (
  select e.id, e.customer_phone, e.backed_off, not e.backed_off and (e.customer_phone is null or (
      pg_try_advisory_xact_lock(hashtextextended('customer:' || e.customer_phone, 0))
      and not exists (
        select 1 from webhook_events earlier
        where earlier.customer_phone = e.customer_phone
          and earlier.status = 'pending'
          and earlier.id <> e.id
          and (earlier.sent_at, earlier.received_at, earlier.id) < (e.sent_at, e.received_at, e.id)
      )
      and not exists (
        select 1 from customers c
        join messages m on m.customer_id = c.id
        join decisions d on d.message_id = m.id
        where c.phone = e.customer_phone and d.mode = 'auto' and d.outcome = 'pending'
      )
    )) as next
  from target e
), claimed as (
  update webhook_events w set status = 'processed', processed_at = now(), attempts = w.attempts + 1,
    locked_until = null, last_error = null
  from gate g
  where w.id = g.id and g.next and w.status = 'pending' and (w.locked_until is null or w.locked_until < now())
  returning w.id, w.raw_body, w.received_at, w.attempts
)
select g.id, g.backed_off, g.next, c.raw_body, c.received_at, c.attempts,
  case when c.id is null then null else ${settingsRead} end as settings,
  exists (
    select 1 from webhook_events later
    where later.customer_phone = g.customer_phone and later.status = 'pending' and later.id <> g.id
  ) as more
from gate g left join claimed c on c.id = g.id`;

const claimById = statement(
  "playbook_claim_event",
  `with target as (
    select id, customer_phone, sent_at, received_at, false as backed_off from webhook_events where id = $1
  )${claimTail}`,
);

const claimNextOfCustomer = statement(
  "playbook_claim_next_event",
  `with target as (
    select id, customer_phone, sent_at, received_at, coalesce(locked_until > now(), false) as backed_off
    from webhook_events where customer_phone = $1 and status = 'pending'
    order by sent_at, received_at, id limit 1
  )${claimTail}`,
);

interface ClaimRow {
  id: string;
  backed_off: boolean;
  next: boolean;
  raw_body: string | null;
  received_at: Date | null;
  attempts: number | null;
  settings: Record<string, unknown> | null;
  more: boolean;
}

/** Claims the event `eventRowId` if it is its customer's next. */
export function claimEvent(tx: Tx, eventRowId: string): Promise<Claim> {
  return claimWith(tx, claimById, eventRowId);
}

/** Claims `customerPhone`'s next pending event, unless it is backed off or another process is on the customer. */
export function claimNextEventOf(tx: Tx, customerPhone: string): Promise<Claim> {
  return claimWith(tx, claimNextOfCustomer, customerPhone);
}

async function claimWith(tx: Tx, st: ReturnType<typeof statement>, key: string): Promise<Claim> {
  const [row] = await runStatement<ClaimRow>(tx, st, [key]);
  if (!row) return { status: "none" };
  // A back-off holds the customer only when this is the customer's next event (claimNextEventOf).
  if (row.backed_off) return { status: "backed_off", id: row.id };
  if (!row.next) return { status: "deferred", id: row.id };
  if (row.raw_body === null || row.received_at === null || row.attempts === null) {
    return { status: "skipped", id: row.id };
  }
  return {
    status: "claimed",
    id: row.id,
    rawBody: row.raw_body,
    receivedAt: row.received_at,
    attemptsBefore: row.attempts - 1,
    settings: settingsFromStored(row.settings ?? {}),
    more: row.more,
  };
}
