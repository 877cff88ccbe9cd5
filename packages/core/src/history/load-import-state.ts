// The import's state between batches: customers with their open conversation, exchange and last decision, loaded
// from the database when they reappear (or have a reply waiting) and dropped from memory when idle.
import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "@playbook/db";
import type { HistorySimulator } from "./history-simulator";
import type {
  ConversationState,
  CustomerState,
  DecisionState,
  HeldMessage,
  PlayedMessage,
} from "./history-state";

// Customers whose conversation state stays in memory between batches; the rest are reloaded when they return.
// About 2 kB each: with the CLI's heap of 160 MB (package.json), state never grows past a small share of it.
const CUSTOMER_CACHE = 20_000;

export function evictIdle(customers: Map<string, CustomerState>): void {
  // Map keeps insertion order and loadCustomers re-inserts every customer it touches, so the first entries are
  // the least recently seen. Every change was written by the batch that made it, so dropping state is safe,
  // except for a reply still waiting to settle: that customer stays, so the reply is learned exactly once.
  for (const [phone, customer] of customers) {
    if (customers.size <= CUSTOMER_CACHE) break;
    if ((customer.conversation?.reply.length ?? 0) === 0) customers.delete(phone);
  }
}

/** Loads the customers with an imported reply still waiting to be learned, with their open exchanges. */
export async function loadWaitingReplies(
  tx: Tx,
  simulator: HistorySimulator,
  customers: Map<string, CustomerState>,
): Promise<void> {
  const waiting = await queryRows<{ phone: string }>(
    tx,
    sql`select distinct c.phone from messages m join customers c on c.id = m.customer_id
        where m.learn_state = 'pending' and m.import_key is not null`,
  );
  const end = new Date("9999-12-31T00:00:00Z");
  await loadCustomers(
    tx,
    simulator,
    customers,
    waiting.map((w) => ({ customerPhone: w.phone, customerName: null, sentAt: end })),
  );
}

type LoadedConversation = {
  customer_id: string;
  id: string;
  provider_conversation_id: string | null;
  status: "open" | "closed";
  started_at: string | Date;
  last_message_at: string | Date;
  ended_at: string | Date | null;
  end_reason: ConversationState["endReason"];
  escalated_at: string | Date | null;
  recent: {
    id: string;
    direction: "inbound" | "outbound";
    body: string;
    sent_at: string;
    learn_state: HeldMessage["learnState"] | "superseded";
    sent_by_playbook: boolean;
  }[];
};

type LoadedDecision = {
  id: string;
  message_id: string;
  conversation_id: string;
  pattern_id: string | null;
  mode: DecisionState["mode"];
  outcome: string;
  review: "approved" | "rejected" | "modified" | null;
  reviewed_at: string | Date | null;
  created_at: string | Date;
  template: string | null;
  probability: number | null;
  evidence: DecisionState["evidence"];
  correct: boolean | null;
};

/**
 * Makes sure every customer of the batch is known and in memory: upserts them (one statement), and loads the
 * conversation state of those not cached: their latest conversation up to the batch, its reply rhythm, and an
 * exchange still open in it with the decision on its question.
 */
export async function loadCustomers(
  tx: Tx,
  simulator: HistorySimulator,
  customers: Map<string, CustomerState>,
  batch: readonly Pick<PlayedMessage, "customerPhone" | "customerName" | "sentAt">[],
): Promise<void> {
  const byPhone = new Map<string, { name: string | null; firstAt: Date }>();
  for (const m of batch) {
    const seen = byPhone.get(m.customerPhone);
    byPhone.set(m.customerPhone, {
      name: m.customerName ?? seen?.name ?? null,
      firstAt: seen?.firstAt ?? m.sentAt,
    });
  }
  if (byPhone.size === 0) return;
  const upserted = await queryRows<{
    id: string;
    phone: string;
    name: string | null;
    is_vip: boolean;
    opted_out: boolean;
    opted_out_at: string | Date | null;
  }>(
    tx,
    sql`insert into customers (phone, name)
        select x.phone, x.name
        from json_to_recordset(${JSON.stringify(
          [...byPhone].map(([phone, c]) => ({ phone, name: c.name })),
        )}::json) as x(phone text, name text)
        on conflict (phone) do update set name = coalesce(excluded.name, customers.name)
        returning id, phone, name, is_vip, opted_out, opted_out_at`,
  );

  const toLoad: { customer_id: string; before: string }[] = [];
  for (const row of upserted) {
    const cached = customers.get(row.phone);
    customers.delete(row.phone);
    if (cached) {
      cached.isVip = row.is_vip;
      customers.set(row.phone, cached);
      continue;
    }
    customers.set(row.phone, {
      id: row.id,
      phone: row.phone,
      name: row.name,
      isVip: row.is_vip,
      optedOut: row.opted_out,
      optedOutAt: row.opted_out_at ? new Date(row.opted_out_at) : null,
      conversation: null,
      autoDecisionTimes: [],
    });
    toLoad.push({ customer_id: row.id, before: byPhone.get(row.phone)!.firstAt.toISOString() });
  }
  if (toLoad.length === 0) return;

  // A conversation that ends after the batch's first message is later history (or live traffic): the
  // imported messages are grouped among themselves before it.
  const loaded = await queryRows<LoadedConversation>(
    tx,
    sql`select x.customer_id, c.id, c.provider_conversation_id, c.status, c.started_at, c.last_message_at,
          c.ended_at, c.end_reason, c.escalated_at,
          coalesce((select json_agg(r order by r.sent_at, r.created_at) from (
            select m.id, m.direction, m.body, m.sent_at, m.created_at, m.learn_state, m.sent_by_playbook
            from messages m where m.conversation_id = c.id
            order by m.sent_at desc, m.created_at desc limit 50) r), '[]'::json) as recent
        from json_to_recordset(${JSON.stringify(toLoad)}::json) as x(customer_id uuid, before timestamptz)
        join lateral (
          select * from conversations c
          where c.customer_id = x.customer_id and c.last_message_at <= x.before
          order by c.last_message_at desc limit 1) c on true`,
  );
  const states = loaded.map((row) => conversationFromDatabase(row));
  const questionIds = states.flatMap((s) => {
    const last = s.question[s.question.length - 1];
    return last ? [last.id] : [];
  });
  const decisions =
    questionIds.length === 0
      ? []
      : await queryRows<LoadedDecision>(
          tx,
          sql`select d.id, d.message_id, d.conversation_id, d.pattern_id, d.mode, d.outcome, d.review,
                d.reviewed_at, d.created_at, p.response_template as template, d.probability, d.evidence,
                d.correct
              from decisions d left join patterns p on p.id = d.pattern_id
              where d.message_id = any(${sql.param(questionIds)}::uuid[])`,
        );
  const decisionByMessage = new Map(decisions.map((d) => [d.message_id, d]));
  const byCustomerId = new Map([...customers.values()].map((c) => [c.id, c]));
  for (const state of states) {
    const customer = byCustomerId.get(state.customerId);
    if (!customer) continue;
    const last = state.question[state.question.length - 1];
    const decision = last ? decisionByMessage.get(last.id) : undefined;
    if (decision && (decision.outcome === "none" || decision.outcome === "answered")) {
      state.questionDecision = {
        id: decision.id,
        messageId: decision.message_id,
        conversationId: decision.conversation_id,
        patternId: decision.pattern_id,
        mode: decision.mode,
        createdAt: new Date(decision.created_at),
        template: decision.template,
        confidence: null,
        matchScore: null,
        proposedReply: null,
        bestReply: null,
        probability: decision.probability,
        evidence: decision.evidence,
        failedGates: [],
        correct: decision.correct,
        outcome: decision.outcome,
        review:
          decision.review === "approved" || decision.review === "rejected" ? decision.review : null,
        reviewedAt: decision.reviewed_at ? new Date(decision.reviewed_at) : null,
      };
    }
    customer.conversation = state;
    const lastReply = state.reply[state.reply.length - 1];
    if (lastReply) simulator.awaitSettling(customer, lastReply.sentAt);
  }
}

/** Rebuilds a conversation's state from its stored messages, as findExchanges reads them. */
function conversationFromDatabase(row: LoadedConversation): ConversationState {
  const state: ConversationState = {
    id: row.id,
    customerId: row.customer_id,
    providerConversationId: row.provider_conversation_id,
    status: row.status,
    startedAt: new Date(row.started_at),
    lastMessageAt: new Date(row.last_message_at),
    endedAt: row.ended_at ? new Date(row.ended_at) : null,
    endReason: row.end_reason,
    escalatedAt: row.escalated_at ? new Date(row.escalated_at) : null,
    rhythm: [],
    lastOutbound: null,
    lastInboundAt: null,
    question: [],
    reply: [],
    questionDecision: null,
    settled: null,
  };
  for (const m of row.recent) {
    const sentAt = new Date(m.sent_at);
    state.rhythm.push(m.direction === "outbound" ? -sentAt.getTime() : sentAt.getTime());
    if (m.direction === "outbound") state.lastOutbound = { body: m.body, sentAt };
    else state.lastInboundAt = sentAt;
    const held: HeldMessage = {
      id: m.id,
      direction: m.direction,
      body: m.body,
      sentAt,
      learnState: m.learn_state === "superseded" ? "learned" : m.learn_state,
      played: null,
    };
    if (m.direction === "outbound" && !m.sent_by_playbook) {
      state.reply.push(held);
      continue;
    }
    if (state.reply.length > 0) {
      state.question = [];
      state.reply = [];
    }
    if (m.direction === "inbound") state.question.push(held);
    else state.question = [];
  }
  // A reply already learned (live, or by an earlier batch) is closed: only a pending one stays open.
  if (state.reply.length > 0 && !state.reply.some((m) => m.learnState === "pending")) {
    state.question = [];
    state.reply = [];
  }
  return state;
}
