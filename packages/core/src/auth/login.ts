// Signing in: rate-limited by email and by client address, with one answer for every kind of failure.
import { and, count, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "@playbook/db";
import { loginAttempts, users } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import { tooManyRequests, unauthorized } from "../errors";
import { timingDecoyHash, verifyPassword } from "./password";
import { createSession, type SessionUser } from "./session";

export const LOGIN_LIMITS = {
  windowMinutes: 15,
  failuresPerEmail: 5,
  failuresPerAddress: 30,
} as const;

export const WRONG_CREDENTIALS = "Wrong email or password";

export interface LoginInput {
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

export interface LoginResult {
  user: SessionUser;
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function login(
  db: Db,
  input: LoginInput,
  options: { sessionTtlHours: number },
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  // The attempt counts as a failure from before the password is checked, so parallel guesses see each other.
  const attemptId = await reserveAttempt(db, email, input.ip);

  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const passwordOk = await verifyPassword(
    input.password,
    user?.passwordHash ?? (await timingDecoyHash()),
  );
  if (!user || !passwordOk || user.disabledAt) throw unauthorized(WRONG_CREDENTIALS);

  return db.transaction(async (tx) => {
    await tx.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));
    await tx.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
    const session = await createSession(tx, {
      userId: user.id,
      ip: input.ip,
      userAgent: input.userAgent,
      ttlHours: options.sessionTtlHours,
    });
    await recordAudit(tx, { actorUserId: user.id, action: "auth.login", ip: input.ip });
    return {
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
      ...session,
    };
  });
}

// Advisory lock namespaces (the first key of the two-key form): one for emails, one for client addresses.
const EMAIL_LOCK = 0x4c47_4e45;
const ADDRESS_LOCK = 0x4c47_4e41;

/**
 * Counts the recent failures of this email and address and, when both are under their limits, records this
 * attempt as a failure: one transaction holding a lock per email and per address, so no two attempts on the
 * same key can both see the last free slot. Returns the recorded attempt's id.
 */
async function reserveAttempt(db: Db, email: string, ip: string | null): Promise<string> {
  return db.transaction(async (tx) => {
    // Always email first, then address: a transaction holding an address lock never waits for another lock.
    await tx.execute(sql`select pg_advisory_xact_lock(${EMAIL_LOCK}::int, hashtext(${email}))`);
    if (ip)
      await tx.execute(sql`select pg_advisory_xact_lock(${ADDRESS_LOCK}::int, hashtext(${ip}))`);
    const since = new Date(Date.now() - LOGIN_LIMITS.windowMinutes * 60_000);
    const failures = async (
      column: typeof loginAttempts.email | typeof loginAttempts.ip,
      value: string,
    ) => {
      const [row] = await tx
        .select({ n: count() })
        .from(loginAttempts)
        .where(
          and(
            eq(column, value),
            eq(loginAttempts.succeeded, false),
            gt(loginAttempts.attemptedAt, since),
          ),
        );
      return row?.n ?? 0;
    };
    if (
      (await failures(loginAttempts.email, email)) >= LOGIN_LIMITS.failuresPerEmail ||
      (ip !== null && (await failures(loginAttempts.ip, ip)) >= LOGIN_LIMITS.failuresPerAddress)
    ) {
      throw tooManyRequests(
        `Too many failed sign-in attempts. Try again in ${LOGIN_LIMITS.windowMinutes} minutes.`,
      );
    }
    const [attempt] = await tx
      .insert(loginAttempts)
      .values({ email, ip, succeeded: false })
      .returning({ id: loginAttempts.id });
    return attempt!.id;
  });
}

/** Forgets login attempts older than the rate-limit window needs; returns how many were removed. */
export async function pruneLoginAttempts(db: Db, olderThan: Date): Promise<number> {
  const removed = await db
    .delete(loginAttempts)
    .where(lt(loginAttempts.attemptedAt, olderThan))
    .returning({ id: loginAttempts.id });
  return removed.length;
}
