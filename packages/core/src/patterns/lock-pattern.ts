// Reads a pattern for a change, holding its row lock until the transaction ends.
import { eq } from "drizzle-orm";
import type { Tx } from "@playbook/db";
import { patterns } from "@playbook/db/schema";
import { badRequest, notFound } from "../errors";
import type { Pattern } from "./pattern-fields";

export async function lockPattern(tx: Tx, id: string): Promise<Pattern> {
  const [pattern] = await tx.select().from(patterns).where(eq(patterns.id, id)).for("update");
  if (!pattern) throw notFound("Pattern");
  return pattern;
}

/** Edits go to live patterns only; a deleted one is restored first, so its history reads in order. */
export function refuseIfDeleted(pattern: Pattern): void {
  if (pattern.deletedAt) throw badRequest("The pattern is deleted; restore it first");
}
