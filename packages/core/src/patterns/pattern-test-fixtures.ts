// Test support for the pattern verbs: a migrated database with an acting admin, and patterns inserted directly.
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "@playbook/db";
import { auditLog, conversations, customers, patterns, users } from "@playbook/db/schema";
import { openTestDatabase, type TestDatabaseKind } from "@playbook/db/testing";
import type { Actor } from "../auth/users";
import { textSignature } from "../text/normalize-text";
import type { Pattern } from "./pattern-fields";

export async function openPatternTestDatabase(kind: TestDatabaseKind) {
  const test = await openTestDatabase(kind);
  const db = test.database.db;
  const [admin] = await db
    .insert(users)
    .values({ email: "admin@example.com", name: "Admin", role: "admin", passwordHash: "unused" })
    .returning();
  const actor: Actor = { userId: admin!.id, ip: "127.0.0.1" };
  return { test, db, actor };
}

let inserted = 0;

/** A learned-looking pattern; each call gets distinct texts unless overridden. */
export async function insertPattern(
  db: Db,
  overrides: Partial<typeof patterns.$inferInsert> = {},
): Promise<Pattern> {
  inserted += 1;
  const triggerText = overrides.triggerText ?? `question number ${inserted}`;
  const responseTemplate = overrides.responseTemplate ?? `answer number ${inserted}`;
  const [row] = await db
    .insert(patterns)
    .values({
      signature: textSignature(triggerText),
      responseSignature: textSignature(responseTemplate),
      createdFrom: "learned",
      ...overrides,
      triggerText,
      responseTemplate,
    })
    .returning();
  return row!;
}

export async function auditRowsFor(db: Db, action: string) {
  return db.select().from(auditLog).where(eq(auditLog.action, action));
}

/** A typed `expect.stringContaining`, for matching error messages inside `toMatchObject`. */
export const containing = (text: string): string => expect.stringContaining(text) as string;

/** A customer with an open conversation, to add messages to. */
export async function insertConversation(db: Db, customer: { phone: string; name?: string }) {
  const [row] = await db.insert(customers).values(customer).returning();
  const now = new Date();
  const [conversation] = await db
    .insert(conversations)
    .values({ customerId: row!.id, startedAt: now, lastMessageAt: now })
    .returning();
  return { customer: row!, conversation: conversation! };
}
