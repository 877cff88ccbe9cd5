// The work queue's answer time with 10,000 conversations (40,000 messages, a suggestion, queue item or failed send
// on some, escalations, open and closed ones), on the PostgreSQL server when TEST_DATABASE_URL is set, else PGlite.
// While it measures, customers write 100 new messages a minute (each with its decision), as the target asks.
// Prints p50/p95 wall and this process's CPU per call. Run: npx tsx bench/work-queue/work-queue-bench.ts
// (--explain prints the list's plan with EXPLAIN ANALYZE first).
import { sql } from "drizzle-orm";
import { countWorkQueue, listWorkQueue, workQueueStatement } from "@playbook/core";
import { queryRows } from "@playbook/db";
import { openTestDatabase } from "@playbook/db/testing";

const CONVERSATIONS = 10_000;
const RUNS = 60;

async function main() {
  const test = await openTestDatabase(process.env.TEST_DATABASE_URL ? "postgres" : "pglite");
  const { db } = test.database;
  try {
    await db.execute(sql`insert into customers (phone, name)
      select '+1902' || lpad(i::text, 7, '0'), case when i % 2 = 0 then 'Customer ' || i end
      from generate_series(1, ${CONVERSATIONS}) i`);
    await db.execute(sql`insert into conversations (customer_id, status, started_at, last_message_at, ended_at,
        end_reason, escalated_at)
      select c.id, case when n % 5 = 0 then 'open' else 'closed' end::conversation_status,
        now() - (n || ' minutes')::interval - interval '30 minutes', now() - (n || ' minutes')::interval,
        case when n % 5 = 0 then null else now() - (n || ' minutes')::interval end,
        case when n % 5 = 0 then null else 'idle_timeout' end::conversation_end_reason,
        case when n % 100 = 0 then now() - (n || ' minutes')::interval end
      from (select id, row_number() over (order by phone) as n from customers) c`);
    await db.execute(sql`insert into messages (conversation_id, customer_id, direction, body, source, sent_at)
      select v.id, v.customer_id,
        case when k % 2 = 1 then 'inbound' else 'outbound' end::message_direction,
        'message ' || k || ' about bay bookings and door codes', 'webhook',
        v.last_message_at - ((4 - k) || ' minutes')::interval
      from conversations v cross join generate_series(1, 3) k`);
    await db.execute(sql`insert into decisions (message_id, conversation_id, mode, outcome, proposed_reply)
      select m.id, m.conversation_id,
        case when r % 10 = 0 then 'suggest' when r % 15 = 0 then 'queue' when r % 50 = 0 then 'auto'
          else 'none' end::decision_mode,
        case when r % 50 = 0 and r % 10 <> 0 and r % 15 <> 0 then 'send_failed'
          when r % 10 = 0 or r % 15 = 0 then 'pending' else 'none' end::decision_outcome,
        'We open at 9.'
      from (select m.*, row_number() over (order by m.sent_at) as r from messages m
        where m.direction = 'inbound') m`);
    await db.execute(sql`insert into approval_queue (decision_id, conversation_id, message_id, proposed_reply,
        expires_at)
      select d.id, d.conversation_id, d.message_id, 'We open at 9.', now() + interval '1 day'
      from decisions d where d.mode = 'queue'`);
    await db.execute(sql`analyze`);

    const measure = async (name: string, call: () => Promise<unknown>) => {
      const walls: number[] = [];
      const cpus: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        const cpu = process.cpuUsage();
        const start = performance.now();
        await call();
        walls.push(performance.now() - start);
        const used = process.cpuUsage(cpu);
        cpus.push((used.user + used.system) / 1000);
      }
      const pct = (values: number[], p: number) =>
        [...values].sort((a, b) => a - b)[
          Math.min(values.length - 1, Math.floor(values.length * p))
        ]!;
      console.log(
        `${name}: wall p50 ${pct(walls, 0.5).toFixed(1)} ms, p95 ${pct(walls, 0.95).toFixed(1)} ms; ` +
          `client CPU p50 ${pct(cpus, 0.5).toFixed(1)} ms`,
      );
    };
    const now = new Date();
    if (process.argv.includes("--explain")) {
      const plan = await queryRows<Record<string, unknown>>(
        db,
        sql`explain (analyze, buffers) ${workQueueStatement({ limit: 100 }, now)}`,
      );
      for (const row of plan) console.log(Object.values(row)[0]);
    }
    // 100 new customer messages a minute, each decided ("none" or a suggestion), into random conversations.
    let written = 0;
    const writer = setInterval(() => {
      written += 1;
      void db
        .execute(
          sql`with v as (select id, customer_id from conversations order by random() limit 1),
            m as (insert into messages (conversation_id, customer_id, direction, body, source, sent_at)
              select v.id, v.customer_id, 'inbound', 'new message ' || ${written}, 'webhook', now() from v
              returning id, conversation_id)
            insert into decisions (message_id, conversation_id, mode, outcome, proposed_reply)
            select m.id, m.conversation_id,
              ${written % 3 === 0 ? "suggest" : "none"}::decision_mode,
              ${written % 3 === 0 ? "pending" : "none"}::decision_outcome, 'We open at 9.' from m`,
        )
        .catch((error: unknown) => console.error("writer:", error));
    }, 600);
    const { items } = await listWorkQueue(db, { limit: 100 }, now);
    console.log(
      `${CONVERSATIONS} conversations, ${items.length} listed (limit 100)`,
      await countWorkQueue(db, now),
    );
    await measure("workQueue (100 rows)", () => listWorkQueue(db, { limit: 100 }, now));
    await measure("workQueue search 'door'", () =>
      listWorkQueue(db, { limit: 100, q: "door" }, now),
    );
    await measure("workQueueCounts", () => countWorkQueue(db, now));
    clearInterval(writer);
    console.log(`${written} messages written while measuring`);
  } finally {
    await test.drop();
  }
}

await main();
