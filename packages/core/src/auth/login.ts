// Signing in: rate-limited by email and by client address, with one answer for every kind of failure.
import { and, count, eq, gt, lt } from "drizzle-orm";
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
  await assertNotRateLimited(db, email, input.ip);

  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const passwordOk = await verifyPassword(
    input.password,
    user?.passwordHash ?? (await timingDecoyHash()),
  );
  if (!user || !passwordOk || user.disabledAt) {
    // Recorded outside any transaction: a failed attempt must count even though the call fails.
    await db.insert(loginAttempts).values({ email, ip: input.ip, succeeded: false });
    throw unauthorized(WRONG_CREDENTIALS);
  }

  return db.transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ email, ip: input.ip, succeeded: true });
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

async function assertNotRateLimited(db: Db, email: string, ip: string | null): Promise<void> {
  const since = new Date(Date.now() - LOGIN_LIMITS.windowMinutes * 60_000);
  const failed = (column: typeof loginAttempts.email | typeof loginAttempts.ip, value: string) =>
    db
      .select({ n: count() })
      .from(loginAttempts)
      .where(
        and(
          eq(column, value),
          eq(loginAttempts.succeeded, false),
          gt(loginAttempts.attemptedAt, since),
        ),
      );
  const [byEmail] = await failed(loginAttempts.email, email);
  const [byAddress] = ip ? await failed(loginAttempts.ip, ip) : [{ n: 0 }];
  if (
    (byEmail?.n ?? 0) >= LOGIN_LIMITS.failuresPerEmail ||
    (byAddress?.n ?? 0) >= LOGIN_LIMITS.failuresPerAddress
  ) {
    throw tooManyRequests(
      `Too many failed sign-in attempts. Try again in ${LOGIN_LIMITS.windowMinutes} minutes.`,
    );
  }
}

/** Forgets login attempts older than the rate-limit window needs; returns how many were removed. */
export async function pruneLoginAttempts(db: Db, olderThan: Date): Promise<number> {
  const removed = await db
    .delete(loginAttempts)
    .where(lt(loginAttempts.attemptedAt, olderThan))
    .returning({ id: loginAttempts.id });
  return removed.length;
}
