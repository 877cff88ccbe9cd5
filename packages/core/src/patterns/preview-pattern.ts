// The pattern builder's live preview: the reply as sample customers would get it, the past customer messages the
// trigger would have matched, and the existing patterns it overlaps. Reads only; nothing is written.
import { and, desc, eq, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@playbook/db";
import { customers, messages, patternExamples, patterns } from "@playbook/db/schema";
import { checkReplyTemplate } from "../learning/check-template";
import { composeReply } from "../learning/compose-reply";
import { maskPii } from "../learning/mask-pii";
import { answerCore, tokenSimilarity } from "../learning/reply-framing";
import { MatchIndex } from "../matching/match-index";
import { getSettings } from "../settings/settings";
import { parseRequest } from "./parse-request";

export const ZPreviewPatternRequest = z.object({
  triggerText: z.string().trim().min(1).max(2000),
  responseTemplate: z.string().trim().min(1).max(1600),
  /** The pattern being edited: it does not overlap itself, and its stored values fill the preview. */
  patternId: z.uuid().optional(),
});
export type TPreviewPatternRequest = z.input<typeof ZPreviewPatternRequest>;

/** Past customer messages searched for matches: the newest ones, so a preview stays fast on a long history. */
export const PREVIEW_MESSAGES_SEARCHED = 2_000;
export const PREVIEW_MATCHES_SHOWN = 20;
export const PREVIEW_OVERLAPS_SHOWN = 10;
const OVERLAP_EXAMPLES_SEARCHED = 5_000;

// Stand-ins for values that change per conversation; personal data (codes, phones…) has none, so it shows missing.
export const previewSampleValues: Readonly<Record<string, string>> = {
  time: "7:00 PM",
  date: "Saturday",
  bay_number: "3",
  location: "Downtown",
  amount: "$45",
};
const SAMPLE_NAME = "Jordan Lee";

export type PreviewSample = {
  label: string;
  customerName: string | null;
  text: string;
  /** Variables with no value: a reply with any of these is never sent automatically. */
  missing: string[];
};

export type PatternPreview = {
  /** Null when the template is fine; else why it cannot be saved. */
  templateError: string | null;
  variables: string[];
  samples: PreviewSample[];
  matches: { messageId: string; text: string; sentAt: Date; score: number }[];
  overlaps: {
    patternId: string;
    triggerText: string;
    responseTemplate: string;
    isActive: boolean;
    /** How close the question is (cosine to the pattern's trigger or nearest example). */
    questionScore: number;
    /** How close the answer is (token similarity of the answers without greeting and sign-off). */
    answerSimilarity: number;
  }[];
};

export async function previewPattern(
  executor: Executor,
  request: TPreviewPatternRequest,
): Promise<PatternPreview> {
  const input = parseRequest(ZPreviewPatternRequest, request);
  const checked = checkReplyTemplate(input.responseTemplate);
  const [settings, editing, named, recent, library, examples] = await Promise.all([
    getSettings(executor),
    input.patternId
      ? executor
          .select({ variableDefaults: patterns.variableDefaults })
          .from(patterns)
          .where(eq(patterns.id, input.patternId))
      : Promise.resolve([]),
    executor
      .select({ name: customers.name })
      .from(customers)
      .where(and(eq(customers.isDemo, false), ne(customers.name, "")))
      .orderBy(desc(customers.updatedAt))
      .limit(1),
    executor
      .select({ id: messages.id, body: messages.body, sentAt: messages.sentAt })
      .from(messages)
      .where(eq(messages.direction, "inbound"))
      .orderBy(desc(messages.sentAt))
      .limit(PREVIEW_MESSAGES_SEARCHED),
    executor
      .select({
        id: patterns.id,
        triggerText: patterns.triggerText,
        responseTemplate: patterns.responseTemplate,
        isActive: patterns.isActive,
      })
      .from(patterns)
      .where(
        and(
          isNull(patterns.deletedAt),
          input.patternId ? ne(patterns.id, input.patternId) : undefined,
        ),
      ),
    executor
      .select({
        id: patternExamples.id,
        patternId: patternExamples.patternId,
        text: patternExamples.customerText,
      })
      .from(patternExamples)
      .innerJoin(patterns, eq(patterns.id, patternExamples.patternId))
      .where(
        and(
          isNull(patterns.deletedAt),
          input.patternId ? ne(patterns.id, input.patternId) : undefined,
        ),
      )
      .orderBy(desc(patternExamples.createdAt))
      .limit(OVERLAP_EXAMPLES_SEARCHED),
  ]);

  const values = { ...previewSampleValues, ...(editing[0]?.variableDefaults ?? {}) };
  const template = checked.ok ? checked.parsed.template : input.responseTemplate;
  const people: { label: string; name: string | null }[] = [
    { label: "Customer with a name", name: SAMPLE_NAME },
    ...(named[0]?.name ? [{ label: "A recent customer", name: named[0].name }] : []),
    { label: "Customer without a known name", name: null },
  ];
  const samples = people.map(({ label, name }) => {
    const rendered = composeReply({
      template,
      values,
      customerName: name,
      greeting: settings.replyGreeting,
      signOff: settings.replySignOff,
    });
    return { label, customerName: name, text: rendered.text, missing: rendered.missing };
  });

  // Past messages: each its own "pattern" in a throwaway index, so the search ranks messages.
  const pastIndex = new MatchIndex();
  for (const message of recent) {
    pastIndex.add({ id: message.id, patternId: message.id, text: message.body });
  }
  const byMessage = new Map(recent.map((message) => [message.id, message]));
  const matches = pastIndex
    .search(input.triggerText, { limit: PREVIEW_MATCHES_SHOWN })
    .candidates.filter((c) => c.score >= settings.minMatchScore)
    .map((c) => ({
      messageId: c.patternId,
      // Shown to whoever builds patterns: personal data stays masked, as it is in learned examples.
      text: maskPii(c.docText).text,
      sentAt: byMessage.get(c.patternId)!.sentAt,
      score: c.score,
    }));

  const libraryIndex = new MatchIndex();
  for (const pattern of library) {
    libraryIndex.add({
      id: `trigger:${pattern.id}`,
      patternId: pattern.id,
      text: pattern.triggerText,
    });
  }
  for (const example of examples) libraryIndex.add(example);
  const questionScores = new Map(
    libraryIndex
      .search(input.triggerText, { limit: PREVIEW_OVERLAPS_SHOWN })
      .candidates.map((c) => [c.patternId, c.score]),
  );
  const answerTokens = (text: string) => answerCore(text).split(" ").filter(Boolean);
  const ownAnswer = answerTokens(template);
  const overlaps = library
    .map((pattern) => ({
      patternId: pattern.id,
      triggerText: pattern.triggerText,
      responseTemplate: pattern.responseTemplate,
      isActive: pattern.isActive,
      questionScore: questionScores.get(pattern.id) ?? 0,
      answerSimilarity: tokenSimilarity(ownAnswer, answerTokens(pattern.responseTemplate)),
    }))
    .filter(
      (o) => o.questionScore >= settings.minMatchScore || o.answerSimilarity >= SAME_ANSWER_SHOWN,
    )
    .sort(
      (a, b) =>
        Math.max(b.questionScore, b.answerSimilarity) -
          Math.max(a.questionScore, a.answerSimilarity) || a.patternId.localeCompare(b.patternId),
    )
    .slice(0, PREVIEW_OVERLAPS_SHOWN);

  return {
    templateError: checked.ok ? null : checked.reason,
    variables: checked.ok ? checked.parsed.variables : [],
    samples,
    matches,
    overlaps,
  };
}

// Answers this close say nearly the same thing, whatever the questions: worth a look before saving a second one.
const SAME_ANSWER_SHOWN = 0.8;
