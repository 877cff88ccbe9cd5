// Test support for the API: users of each role with live sessions, and tRPC contexts for them.
import {
  createSession,
  findSession,
  hashPassword,
  loadEnv,
  createLogger,
  createReplyEngine,
  type ReplyEngine,
  type Role,
} from "@playbook/core";
import type { Database } from "@playbook/db";
import { users } from "@playbook/db/schema";
import type { Context } from "./trpc/context";

export const testEnv = loadEnv({ NODE_ENV: "test", LOG_LEVEL: "silent" });
/** The test environment with some variables set (an OpenPhone key and a fake's address, say). */
export const testEnvWith = (variables: Record<string, string>) =>
  loadEnv({ NODE_ENV: "test", LOG_LEVEL: "silent", ...variables });
export const testLogger = createLogger({ level: "silent", name: "test" });
export const TEST_PASSWORD = "correct horse battery staple";

export async function createTestUser(
  database: Database,
  role: Role,
  email = `${role}@example.com`,
) {
  const [user] = await database.db
    .insert(users)
    .values({ email, name: `Test ${role}`, role, passwordHash: await hashPassword(TEST_PASSWORD) })
    .returning();
  return user!;
}

/** A context as the HTTP layer would build it, for a signed-in user (with a valid CSRF header) or nobody. */
export async function contextFor(
  database: Database,
  userId?: string,
  engine: ReplyEngine = createReplyEngine({ database, env: testEnv, logger: testLogger }),
): Promise<Context> {
  let session: Context["session"] = null;
  if (userId) {
    const { token } = await createSession(database.db, {
      userId,
      ip: null,
      userAgent: null,
      ttlHours: 1,
    });
    session = await findSession(database.db, token);
  }
  return {
    database,
    engine,
    appEnv: testEnv,
    logger: testLogger,
    session,
    ip: "127.0.0.1",
    userAgent: "vitest",
    csrfHeader: session?.csrfToken ?? null,
    cookie: { set: () => undefined, clear: () => undefined },
  };
}
