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

/** Headers a same-origin browser request carries. */
export const SAME_ORIGIN_HEADERS = { origin: "http://localhost", host: "localhost" };

export interface HttpSession {
  cookie: string;
  csrfToken: string;
}

/** Signs in through auth.login over HTTP, as the dashboard does: the session cookie and the CSRF token. */
export async function signInOverHttp(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  email: string,
): Promise<HttpSession> {
  const response = await app.request("/trpc/auth.login", {
    method: "POST",
    headers: { ...SAME_ORIGIN_HEADERS, "content-type": "application/json" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  const body = (await response.json()) as { result: { data: { csrfToken: string } } };
  return {
    cookie: response.headers.get("set-cookie")!.split(";")[0]!,
    csrfToken: body.result.data.csrfToken,
  };
}

/** A form as a browser sends it: the multipart body with its boundary and declared length. */
export async function multipartBody(form: FormData) {
  const encoded = new Request("http://localhost/", { method: "POST", body: form });
  const body = new Uint8Array(await encoded.arrayBuffer());
  return {
    body,
    headers: {
      "content-type": encoded.headers.get("content-type")!,
      "content-length": String(body.byteLength),
    },
  };
}
