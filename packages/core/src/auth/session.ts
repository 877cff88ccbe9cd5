// Database-backed sessions: the cookie holds a random token, the table only its sha256.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull, lt, ne } from "drizzle-orm";
import type { Executor } from "@playbook/db";
import { sessions, users, type userRoles } from "@playbook/db/schema";

export type Role = (typeof userRoles)[number];

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface ActiveSession {
  id: string;
  user: SessionUser;
  csrfToken: string;
  expiresAt: Date;
}

export const SESSION_COOKIE = "pb_session";

// Refreshing last_seen_at on every request would turn reads into writes; once a minute is enough.
const TOUCH_INTERVAL_MS = 60_000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createSession(
  executor: Executor,
  input: { userId: string; ip: string | null; userAgent: string | null; ttlHours: number },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + input.ttlHours * 3_600_000);
  await executor.insert(sessions).values({
    tokenHash: hashToken(token),
    userId: input.userId,
    csrfToken,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 500) ?? null,
    expiresAt,
  });
  return { token, csrfToken, expiresAt };
}

/** The live session for a cookie token, or null when it is unknown, expired, or its user is disabled. */
export async function findSession(
  executor: Executor,
  token: string,
): Promise<ActiveSession | null> {
  const now = new Date();
  const [row] = await executor
    .select({
      id: sessions.id,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
      user: { id: users.id, email: users.email, name: users.name, role: users.role },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, hashToken(token)),
        gt(sessions.expiresAt, now),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await executor.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.id));
  }
  return { id: row.id, user: row.user, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
}

export async function revokeSession(executor: Executor, sessionId: string): Promise<void> {
  await executor.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function revokeUserSessions(
  executor: Executor,
  userId: string,
  options: { except?: string } = {},
): Promise<void> {
  await executor
    .delete(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        options.except ? ne(sessions.id, options.except) : undefined,
      ),
    );
}

export async function deleteExpiredSessions(executor: Executor): Promise<number> {
  const removed = await executor
    .delete(sessions)
    .where(lt(sessions.expiresAt, new Date()))
    .returning({ id: sessions.id });
  return removed.length;
}

export function csrfTokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
