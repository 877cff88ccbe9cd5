// Writes one batch of an import's changes inside the caller's transaction. Each table gets one statement whose
// rows travel as a single JSON parameter (json_to_recordset): a few statements per thousand messages instead of
// several per message, on PGlite and the PostgreSQL server alike.
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@playbook/db";
import { recordAudit } from "../audit/audit-log";
import { answeredByHand } from "../engine/judge-operator-answer";
import type { HistoryChanges } from "./history-state";

/** `rows` as one JSON parameter, typed by `columns` ("name type, ..."). */
function recordset(rows: readonly object[], columns: string): SQL {
  return sql`json_to_recordset(${JSON.stringify(rows)}::json) as x(${sql.raw(columns)})`;
}

export interface WrittenCounts {
  messages: number;
  decisions: number;
  examples: number;
  patternsCreated: number;
}

export async function writeHistoryChanges(tx: Tx, changes: HistoryChanges): Promise<WrittenCounts> {
  // Imported history is not news for open dashboards one row at a time (thousands per batch): the live-update
  // triggers (migration 0010) stay quiet in this transaction, and one "resync" tells dashboards to refetch.
  await tx.execute(sql`select set_config('playbook.live_events', 'off', true)`);
  await tx.execute(sql`select pg_notify('playbook_inbox', '{"kind":"resync"}')`);
  const newConversations = [...changes.newConversationIds].map((id) => {
    const c = changes.conversations.get(id);
    if (!c) throw new Error(`conversation ${id} is new but was not collected`);
    return c;
  });
  const changedConversations = [...changes.conversations.values()].filter(
    (c) => !changes.newConversationIds.has(c.id),
  );
  const conversationRow = (c: (typeof newConversations)[number]) => ({
    id: c.id,
    customer_id: c.customerId,
    provider_conversation_id: c.providerConversationId,
    status: c.status,
    started_at: c.startedAt.toISOString(),
    last_message_at: c.lastMessageAt.toISOString(),
    ended_at: c.endedAt?.toISOString() ?? null,
    end_reason: c.endReason,
    escalated_at: c.escalatedAt?.toISOString() ?? null,
  });
  const conversationColumns =
    "id uuid, customer_id uuid, provider_conversation_id text, status conversation_status, " +
    "started_at timestamptz, last_message_at timestamptz, ended_at timestamptz, " +
    "end_reason conversation_end_reason, escalated_at timestamptz";

  if (changes.customers.size > 0) {
    const rows = [...changes.customers.values()].map((c) => ({
      id: c.id,
      name: c.name,
      opted_out: c.optedOut,
      opted_out_at: c.optedOutAt?.toISOString() ?? null,
    }));
    await tx.execute(sql`
      update customers set name = coalesce(x.name, customers.name), opted_out = x.opted_out,
        opted_out_at = x.opted_out_at, updated_at = now()
      from ${recordset(rows, "id uuid, name text, opted_out boolean, opted_out_at timestamptz")}
      where customers.id = x.id`);
  }
  if (newConversations.length > 0) {
    await tx.execute(sql`
      insert into conversations (id, customer_id, provider_conversation_id, status, started_at,
        last_message_at, ended_at, end_reason, escalated_at)
      select * from ${recordset(newConversations.map(conversationRow), conversationColumns)}`);
  }
  if (changedConversations.length > 0) {
    await tx.execute(sql`
      update conversations set status = x.status,
        started_at = least(conversations.started_at, x.started_at),
        last_message_at = greatest(conversations.last_message_at, x.last_message_at),
        ended_at = x.ended_at, end_reason = x.end_reason,
        escalated_at = coalesce(conversations.escalated_at, x.escalated_at),
        provider_conversation_id = coalesce(conversations.provider_conversation_id, x.provider_conversation_id),
        updated_at = now()
      from ${recordset(changedConversations.map(conversationRow), conversationColumns)}
      where conversations.id = x.id`);
  }

  const newMessageIds = new Set(changes.messages.map((m) => m.id));
  if (changes.messages.length > 0) {
    const rows = changes.messages.map((m) => {
      const learned = changes.learnStates.get(m.id);
      return {
        id: m.id,
        conversation_id: m.conversationId,
        customer_id: m.customerId,
        direction: m.played.direction,
        body: m.played.body,
        provider_message_id: m.played.messageId,
        operator_name: m.played.operator,
        sent_at: m.played.sentAt.toISOString(),
        learn_state: learned?.state ?? (m.played.direction === "outbound" ? "pending" : null),
        learn_note: learned?.note ?? null,
        import_key: m.played.key,
      };
    });
    await tx.execute(sql`
      insert into messages (id, conversation_id, customer_id, direction, body, source, provider_message_id,
        operator_name, sent_at, learn_state, learn_note, import_key)
      select x.id, x.conversation_id, x.customer_id, x.direction, x.body, 'import', x.provider_message_id,
        x.operator_name, x.sent_at, x.learn_state, x.learn_note, x.import_key
      from ${recordset(
        rows,
        "id uuid, conversation_id uuid, customer_id uuid, direction message_direction, body text, " +
          "provider_message_id text, operator_name text, sent_at timestamptz, learn_state learn_state, " +
          "learn_note text, import_key text",
      )}`);
  }
  const learnedEarlier = [...changes.learnStates].filter(([id]) => !newMessageIds.has(id));
  if (learnedEarlier.length > 0) {
    await tx.execute(sql`
      update messages set learn_state = x.learn_state, learn_note = x.learn_note
      from ${recordset(
        learnedEarlier.map(([id, l]) => ({ id, learn_state: l.state, learn_note: l.note })),
        "id uuid, learn_state learn_state, learn_note text",
      )}
      where messages.id = x.id`);
  }

  const patternRow = (id: string) => {
    const p = changes.patterns.get(id);
    if (!p) throw new Error(`pattern ${id} changed but was not collected`);
    return p;
  };
  if (changes.newPatternIds.size > 0) {
    const rows = [...changes.newPatternIds].map(patternRow).map((p) => ({
      id: p.id,
      type: p.type,
      signature: p.signature,
      trigger_text: p.triggerText,
      trigger_keywords: p.triggerKeywords,
      response_template: p.responseTemplate,
      response_signature: p.responseSignature,
      variables: p.variables,
      action_template: p.actionTemplate,
      variable_defaults: p.variableDefaults,
      confidence: p.confidence,
      success_count: p.successCount,
      failure_count: p.failureCount,
      quality_score: p.qualityScore,
      created_from: p.createdFrom,
      first_seen_at: p.firstSeenAt.toISOString(),
      last_used_at: p.lastUsedAt?.toISOString() ?? null,
    }));
    await tx.execute(sql`
      insert into patterns (id, type, signature, trigger_text, trigger_keywords, response_template,
        response_signature, variables, action_template, variable_defaults, confidence, success_count,
        failure_count, quality_score, created_from, first_seen_at, last_used_at)
      select * from ${recordset(
        rows,
        "id uuid, type pattern_type, signature text, trigger_text text, trigger_keywords text[], " +
          "response_template text, response_signature text, variables text[], action_template jsonb, " +
          "variable_defaults jsonb, confidence double precision, success_count integer, " +
          "failure_count integer, quality_score double precision, created_from pattern_origin, " +
          "first_seen_at timestamptz, last_used_at timestamptz",
      )}`);
    await tx.execute(sql`
      insert into pattern_versions (pattern_id, version, snapshot, change_reason)
      select * from ${recordset(
        changes.versions.map((v) => ({
          pattern_id: v.patternId,
          version: v.version,
          snapshot: v.snapshot,
          change_reason: v.changeReason,
        })),
        "pattern_id uuid, version integer, snapshot jsonb, change_reason text",
      )}`);
  }
  const changedPatterns = [...changes.patterns.keys()].filter(
    (id) => !changes.newPatternIds.has(id),
  );
  if (changedPatterns.length > 0) {
    const rows = changedPatterns.map(patternRow).map((p) => ({
      id: p.id,
      confidence: p.confidence,
      success_count: p.successCount,
      failure_count: p.failureCount,
      is_active: p.isActive,
      auto_executable: p.autoExecutable,
      variable_defaults: p.variableDefaults,
      last_used_at: p.lastUsedAt?.toISOString() ?? null,
    }));
    await tx.execute(sql`
      update patterns set confidence = x.confidence, success_count = x.success_count,
        failure_count = x.failure_count, is_active = x.is_active, auto_executable = x.auto_executable,
        variable_defaults = x.variable_defaults, last_used_at = x.last_used_at, updated_at = now()
      from ${recordset(
        rows,
        "id uuid, confidence double precision, success_count integer, failure_count integer, " +
          "is_active boolean, auto_executable boolean, variable_defaults jsonb, last_used_at timestamptz",
      )}
      where patterns.id = x.id`);
  }
  const reviewOf = (d: { review: "approved" | "rejected" | null; reviewedAt: Date | null }) =>
    d.review && d.reviewedAt ? answeredByHand(d.review === "approved", d.reviewedAt) : null;
  const newDecisionIds = new Set(changes.newDecisions.map((d) => d.decision.id));
  if (changes.newDecisions.length > 0) {
    const rows = changes.newDecisions.map(({ decision: d, plan }) => {
      const review = reviewOf(d);
      return {
        id: d.id,
        message_id: d.messageId,
        conversation_id: d.conversationId,
        pattern_id: plan.pattern?.id ?? null,
        mode: d.mode,
        intended_mode: plan.intendedMode,
        match_score: plan.matchScore,
        margin: plan.margin,
        confidence: plan.pattern?.confidence ?? null,
        probability: plan.probability,
        evidence: plan.evidence,
        correct: d.correct,
        candidates: plan.candidates,
        gates: plan.gates,
        proposed_reply: plan.proposedReply,
        outcome: d.outcome,
        outcome_at: review?.outcomeAt.toISOString() ?? null,
        review: review?.review ?? null,
        review_reason: review?.reviewReason ?? null,
        reviewed_at: review?.reviewedAt.toISOString() ?? null,
        created_at: d.createdAt.toISOString(),
      };
    });
    await tx.execute(sql`
      insert into decisions (id, message_id, conversation_id, pattern_id, mode, intended_mode, match_score,
        margin, confidence, probability, evidence, correct, candidates, gates, proposed_reply, outcome, outcome_at, review, review_reason,
        reviewed_at, created_at)
      select * from ${recordset(
        rows,
        "id uuid, message_id uuid, conversation_id uuid, pattern_id uuid, mode decision_mode, " +
          "intended_mode decision_mode, match_score double precision, margin double precision, " +
          "confidence double precision, probability double precision, evidence jsonb, correct boolean, " +
          "candidates jsonb, gates jsonb, proposed_reply text, " +
          "outcome decision_outcome, outcome_at timestamptz, review review_action, review_reason text, " +
          "reviewed_at timestamptz, created_at timestamptz",
      )}`);
  }
  const judgedEarlier = [...changes.judgedDecisions.values()].filter(
    (d) => !newDecisionIds.has(d.id),
  );
  if (judgedEarlier.length > 0) {
    const rows = judgedEarlier.map((d) => {
      const review = reviewOf(d);
      return {
        id: d.id,
        outcome: d.outcome,
        outcome_at: review?.outcomeAt.toISOString() ?? null,
        review: review?.review ?? null,
        review_reason: review?.reviewReason ?? null,
        reviewed_at: review?.reviewedAt.toISOString() ?? null,
        correct: d.correct,
      };
    });
    await tx.execute(sql`
      update decisions set outcome = x.outcome, outcome_at = x.outcome_at, review = x.review,
        review_reason = x.review_reason, reviewed_at = x.reviewed_at, correct = x.correct
      from ${recordset(
        rows,
        "id uuid, outcome decision_outcome, outcome_at timestamptz, review review_action, " +
          "review_reason text, reviewed_at timestamptz, correct boolean",
      )}
      where decisions.id = x.id and decisions.review is null`);
  }

  if (changes.examples.length > 0) {
    await tx.execute(sql`
      insert into pattern_examples (id, pattern_id, customer_text, reply_text, inbound_message_id,
        outbound_message_id, source, quality_score)
      select x.id, x.pattern_id, x.customer_text, x.reply_text, x.inbound_message_id,
        x.outbound_message_id, 'imported', x.quality_score
      from ${recordset(
        changes.examples.map((e) => ({
          id: e.id,
          pattern_id: e.patternId,
          customer_text: e.customerText,
          reply_text: e.replyText,
          inbound_message_id: e.inboundMessageId,
          outbound_message_id: e.outboundMessageId,
          quality_score: e.qualityScore,
        })),
        "id uuid, pattern_id uuid, customer_text text, reply_text text, inbound_message_id uuid, " +
          "outbound_message_id uuid, quality_score double precision",
      )}`);
  }
  if (changes.confidenceEvents.length > 0) {
    await tx.execute(sql`
      insert into confidence_events (pattern_id, old_confidence, new_confidence, reason, decision_id, note,
        created_at)
      select * from ${recordset(
        changes.confidenceEvents.map((e) => ({
          pattern_id: e.patternId,
          old_confidence: e.oldConfidence,
          new_confidence: e.newConfidence,
          reason: e.reason,
          decision_id: e.decisionId,
          note: e.note,
          created_at: e.createdAt.toISOString(),
        })),
        "pattern_id uuid, old_confidence double precision, new_confidence double precision, " +
          "reason confidence_reason, decision_id uuid, note text, created_at timestamptz",
      )}`);
  }
  // Last: an example or pattern taken back may have been written in this very batch.
  if (changes.removedExamples.length > 0) {
    await tx.execute(
      sql`delete from pattern_examples where id = any(${sql.param(changes.removedExamples)}::uuid[])`,
    );
  }
  if (changes.removedPatterns.length > 0) {
    await tx.execute(sql`
      delete from patterns where id = any(${sql.param(changes.removedPatterns)}::uuid[])
        and not is_active and version = 1
        and not exists (select 1 from pattern_examples e where e.pattern_id = patterns.id)`);
  }
  for (const { patternId, reason } of changes.deactivated) {
    await recordAudit(tx, {
      actorUserId: null,
      action: "pattern.deactivate",
      targetType: "pattern",
      targetId: patternId,
      details: { reason, during: "history import" },
    });
  }
  return {
    messages: changes.messages.length,
    decisions: changes.newDecisions.length,
    // A reply learned again as a whole replaces its earlier example (and a pattern made only for it).
    examples: changes.examples.length - changes.removedExamples.length,
    patternsCreated: changes.newPatternIds.size - changes.removedPatterns.length,
  };
}
