// An operator writes a pattern by hand: it starts inactive at neutral confidence, as version 1.
import { z } from "zod";
import type { Db } from "@playbook/db";
import { patterns, patternVersions } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { textSignature } from "../text/normalize-text";
import { parseRequest } from "./parse-request";
import { patternFieldSchemas, withCheckedTemplate, type Pattern } from "./pattern-fields";

export const ZCreatePatternRequest = z.object({
  type: patternFieldSchemas.type,
  triggerText: patternFieldSchemas.triggerText,
  responseTemplate: patternFieldSchemas.responseTemplate,
  triggerKeywords: patternFieldSchemas.triggerKeywords.optional(),
  tags: patternFieldSchemas.tags.optional(),
  notes: patternFieldSchemas.notes.optional(),
  actionTemplate: patternFieldSchemas.actionTemplate.optional(),
});
export type TCreatePatternRequest = z.input<typeof ZCreatePatternRequest>;

// Neutral: a hand-written pattern has no track record yet; the feedback loop moves it from here.
export const MANUAL_PATTERN_CONFIDENCE = 0.5;

export async function createPattern(
  db: Db,
  request: TCreatePatternRequest,
  actor: Actor,
): Promise<Pattern> {
  const input = parseRequest(ZCreatePatternRequest, request);
  const snapshot = withCheckedTemplate({
    type: input.type,
    triggerText: input.triggerText,
    triggerKeywords: input.triggerKeywords ?? [],
    responseTemplate: input.responseTemplate,
    variables: [],
    actionTemplate: input.actionTemplate ?? null,
    tags: input.tags ?? [],
    notes: input.notes ?? null,
  });
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(patterns)
      .values({
        ...snapshot,
        signature: textSignature(snapshot.triggerText),
        responseSignature: textSignature(snapshot.responseTemplate),
        createdFrom: "manual",
        confidence: MANUAL_PATTERN_CONFIDENCE,
        isActive: false,
        autoExecutable: false,
        version: 1,
        createdBy: actor.userId,
      })
      .returning();
    await tx.insert(patternVersions).values({
      patternId: created!.id,
      version: 1,
      snapshot,
      changeReason: "Created by hand",
      createdBy: actor.userId,
    });
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "pattern.create",
      targetType: "pattern",
      targetId: created!.id,
      details: { type: snapshot.type, triggerText: snapshot.triggerText },
      ip: actor.ip,
    });
    return created!;
  });
}
