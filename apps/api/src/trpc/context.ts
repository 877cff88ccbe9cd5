// What every tRPC procedure receives: the database, settings, the caller's session and request facts.
import type { Database } from "@playbook/db";
import type { ActiveSession, Env, Logger, ReplyEngine } from "@playbook/core";

export interface SessionCookie {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

// A type alias, not an interface: @hono/trpc-server wants a context assignable to Record<string, unknown>.
export type Context = {
  database: Database;
  engine: ReplyEngine;
  // Not `env`: @hono/trpc-server overwrites that key with Hono's own c.env.
  appEnv: Env;
  logger: Logger;
  session: ActiveSession | null;
  ip: string | null;
  userAgent: string | null;
  /** The x-csrf-token header, checked against the session for every authenticated mutation. */
  csrfHeader: string | null;
  cookie: SessionCookie;
};
