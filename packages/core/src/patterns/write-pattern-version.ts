// Stores a new content version of a pattern: the row itself and its pattern_versions snapshot.
import { eq } from "drizzle-orm";
import type { Tx } from "@playbook/db";
import { patterns, patternVersions, type PatternSnapshot } from "@playbook/db/schema";
import type { Actor } from "../auth/users";
import { textSignature } from "../text/normalize-text";
import { withCheckedTemplate, type Pattern } from "./pattern-fields";

/**
 * Applies `next` to the locked `current` row as version `current.version + 1`. Signatures and variables are
 * derived again from the texts, never trusted from a snapshot, so they cannot drift from what is stored.
 */
export async function writePatternVersion(
  tx: Tx,
  current: Pattern,
  next: PatternSnapshot,
  changeReason: string | null,
  actor: Actor,
): Promise<Pattern> {
  const snapshot = withCheckedTemplate(next);
  const version = current.version + 1;
  const [updated] = await tx
    .update(patterns)
    .set({
      ...snapshot,
      signature: textSignature(snapshot.triggerText),
      responseSignature: textSignature(snapshot.responseTemplate),
      version,
    })
    .where(eq(patterns.id, current.id))
    .returning();
  await tx.insert(patternVersions).values({
    patternId: current.id,
    version,
    snapshot,
    changeReason,
    createdBy: actor.userId,
  });
  return updated!;
}
