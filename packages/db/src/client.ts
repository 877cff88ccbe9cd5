// Opens the database: embedded PGlite in a local folder by default, a PostgreSQL server when a URL is given.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import * as schema from "./schema/index";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything queries can run on: the database itself or an open transaction. */
export type Executor = Db | Tx;

/** Runs raw SQL and returns its rows; node-postgres and PGlite both answer with `{ rows }`. */
export async function queryRows<T extends Record<string, unknown>>(
  executor: Executor,
  query: SQL,
): Promise<T[]> {
  const result = (await executor.execute(query)) as { rows: T[] };
  return result.rows;
}

export type LockResult<T> = { acquired: true; value: T } | { acquired: false };

export interface Database {
  readonly db: Db;
  readonly kind: "pglite" | "postgres";
  /**
   * Connections that can be in use at once: the server pool's size; PGlite serves every caller on its one
   * in-process backend, so nothing waits for a connection there (Infinity).
   */
  readonly connections: number;
  /**
   * Runs `fn` while holding the cluster-wide advisory lock named `key`. Returns `{ acquired: false }` at once
   * when another process (or another call in this one) holds it.
   */
  withAdvisoryLock<T>(key: string, fn: () => Promise<T>): Promise<LockResult<T>>;
  /** Runs `fn` on one dedicated connection (for session-level locks). */
  withConnection<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /**
   * LISTENs on `channel` until closed: `onMessage` gets each payload committed by any connection (any process, on
   * the server). On the server the listener has a connection of its own, outside the pool; when that connection
   * breaks it reconnects with backoff and calls `onGap`, since notifications sent meanwhile are lost.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<Listener>;
  close(): Promise<void>;
}

export interface ListenHandlers {
  onMessage(payload: string): void;
  /** Notifications may have been missed (the connection broke and is back): callers should resynchronise. */
  onGap?(): void;
}

export interface Listener {
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** PostgreSQL connection string; when absent the embedded database is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; "memory://" keeps it in memory. */
  dataDir?: string | undefined;
  /** A data directory dumped by PGlite's dumpDataDir to start from (embedded only; tests start from a migrated copy). */
  loadDataDir?: Blob | undefined;
  /**
   * The embedded database's buffer cache in MB (PostgreSQL's shared_buffers; embedded only). Defaults to
   * DEFAULT_EMBEDDED_SHARED_BUFFERS_MB.
   */
  embeddedSharedBuffersMb?: number | undefined;
  /** Connections in the pool (server only). */
  poolSize?: number | undefined;
  /**
   * Told when a server connection breaks outside a query (the server restarted, the network dropped it). The
   * connection is discarded and the pool opens a new one on demand; the process carries on.
   */
  onConnectionError?: ((error: Error) => void) | undefined;
}

// pg and PGlite return NUMERIC and BIGINT as strings/bigints by default; the schema avoids NUMERIC, but
// aggregates such as count(*) and sum() still produce them. Read them as numbers everywhere.
const NUMERIC_OID = 1700;
const INT8_OID = 20;
const toNumber = (value: string) => Number(value);

/**
 * PostgreSQL's default cache is 128 MB, and PGlite keeps it inside this process's WebAssembly memory, which never
 * shrinks: with a database bigger than the cache, the whole 128 MB became resident within seconds of `npm start`.
 * The table files stay in the operating system's file cache either way, so a small cache costs little speed here
 * (bench/embedded-start.ts: the match index loads as fast with 16 MB).
 */
export const DEFAULT_EMBEDDED_SHARED_BUFFERS_MB = 16;
/** PGlite's WebAssembly memory is at most 2 GB; the cache must leave room for everything else in it. */
export const MAX_EMBEDDED_SHARED_BUFFERS_MB = 1024;

/** PGlite's own start parameters, plus the buffer cache's size. */
export function embeddedStartParams(sharedBuffersMb: number): string[] {
  if (
    !Number.isInteger(sharedBuffersMb) ||
    sharedBuffersMb < 1 ||
    sharedBuffersMb > MAX_EMBEDDED_SHARED_BUFFERS_MB
  ) {
    throw new RangeError(
      `The embedded database's buffer cache must be a whole number of MB from 1 to ` +
        `${MAX_EMBEDDED_SHARED_BUFFERS_MB}, not ${sharedBuffersMb}`,
    );
  }
  return [...PGlite.defaultStartParams, "-c", `shared_buffers=${sharedBuffersMb}MB`];
}

export async function createDb(options: CreateDbOptions = {}): Promise<Database> {
  if (options.databaseUrl) {
    return createServerDb(
      options.databaseUrl,
      options.poolSize ?? 10,
      options.onConnectionError ?? (() => undefined),
    );
  }
  return createEmbeddedDb(
    options.dataDir ?? "./data",
    options.loadDataDir,
    embeddedStartParams(options.embeddedSharedBuffersMb ?? DEFAULT_EMBEDDED_SHARED_BUFFERS_MB),
  );
}

async function createEmbeddedDb(
  dataDir: string,
  loadDataDir: Blob | undefined,
  startParams: string[],
): Promise<Database> {
  const inMemory = dataDir.includes("://");
  let unlock = () => Promise.resolve();
  if (!inMemory) {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir, {
      loadDataDir,
      startParams,
      extensions: { pg_trgm },
      parsers: { [NUMERIC_OID]: toNumber, [pgliteTypes.INT8]: toNumber },
    });
  } catch (error) {
    await unlock();
    throw error;
  }
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Db;
  const held = new Set<string>();
  return {
    db,
    kind: "pglite",
    connections: Infinity,
    // PGlite is a single backend inside this process, so no other process can hold a lock on it: the
    // in-process guard is the whole of the mutual exclusion.
    withAdvisoryLock: (key, fn) =>
      guardInProcess(held, key, async () => ({ acquired: true, value: await fn() })),
    withConnection: (fn) => fn(db),
    // PGlite delivers a NOTIFY to its in-process listeners when the notifying transaction commits.
    async listen(channel, handlers) {
      const unlisten = await client.listen(channel, (payload) => handlers.onMessage(payload));
      return { close: () => unlisten() };
    },
    async close() {
      await client.close();
      await unlock();
    },
  };
}

/** Runs `attempt` unless this process already holds `key`, in which case the lock is not acquired. */
async function guardInProcess<T>(
  held: Set<string>,
  key: string,
  attempt: () => Promise<LockResult<T>>,
): Promise<LockResult<T>> {
  if (held.has(key)) return { acquired: false };
  held.add(key);
  try {
    return await attempt();
  } finally {
    held.delete(key);
  }
}

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
}

/**
 * PGlite is one PostgreSQL backend inside this process; a second process opening the same folder would
 * silently lose writes. A pid file inside the folder refuses the second opener.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, "playbook.lock");
  try {
    await writeFile(file, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const holder = Number((await readFile(file, "utf8")).trim());
    // A pid equal to ours is a stale file from an earlier run that got our pid again (common in containers).
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
      throw new DataDirLockedError(
        `The embedded database in ${path.resolve(dataDir)} is already open in process ${holder}. ` +
          "Stop that process first (one folder, one process), or set DATABASE_URL to use a PostgreSQL " +
          `server. If no Playbook process is running, delete ${path.resolve(file)}.`,
      );
    }
    await writeFile(file, String(process.pid));
  }
  return () => rm(file, { force: true });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function createServerDb(
  databaseUrl: string,
  poolSize: number,
  onConnectionError: (error: Error) => void,
): Database {
  // drizzle passes its own per-query parsers that fall back to pg's global registry, so a pool-level
  // `types` option would be ignored: register the number parsers globally.
  pg.types.setTypeParser(NUMERIC_OID, toNumber);
  pg.types.setTypeParser(INT8_OID, toNumber);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
  });
  // A client that loses its connection emits 'error'; without a listener that kills the process. The pool listens
  // only while a client is idle, so every client gets its own listener for its whole life, also while it is
  // checked out for a transaction or holds a session lock. Queries then in flight reject on their own.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => {
    client.on("error", onConnectionError);
  });
  const db = drizzleNodePg({ client: pool, schema, casing: "snake_case" }) as unknown as Db;
  const held = new Set<string>();

  const withConnection = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
    const conn = await pool.connect();
    let broken: Error | undefined;
    const markBroken = (error: Error) => (broken = error);
    conn.on("error", markBroken);
    try {
      return await fn(drizzleNodePg({ client: conn, schema, casing: "snake_case" }));
    } finally {
      conn.off("error", markBroken);
      // A broken connection is destroyed, never handed to the next caller.
      conn.release(broken);
    }
  };

  return {
    db,
    kind: "postgres",
    connections: poolSize,
    // The in-process guard first: a session-level advisory lock is re-entrant for the connection holding
    // it, and two calls in this process could otherwise both take it on the same pooled connection.
    withAdvisoryLock: <T>(key: string, fn: () => Promise<T>) =>
      guardInProcess<T>(held, key, () =>
        withConnection<LockResult<T>>(async (conn) => {
          const [got] = await queryRows<{ locked: boolean }>(
            conn,
            sql`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as locked`,
          );
          if (!got?.locked) return { acquired: false };
          const value = await fn().catch(async (error: unknown) => {
            await unlock(conn, key);
            throw error;
          });
          await unlock(conn, key);
          return { acquired: true, value };
        }),
      ),
    withConnection,
    listen: (channel, handlers) =>
      listenOnServer(databaseUrl, channel, handlers, onConnectionError),
    close: () => pool.end(),
  };

  /**
   * A session lock dies with its connection: when the connection broke while `fn` ran, the server has already
   * released it, so a failed unlock is reported, not thrown over the work `fn` finished.
   */
  async function unlock(conn: Db, key: string): Promise<void> {
    try {
      await conn.execute(sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`);
    } catch (error) {
      onConnectionError(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

const LISTEN_RETRY_MIN_MS = 250;
const LISTEN_RETRY_MAX_MS = 10_000;

/** A dedicated server connection that LISTENs, reconnecting with backoff when it breaks. */
async function listenOnServer(
  databaseUrl: string,
  channel: string,
  handlers: ListenHandlers,
  onConnectionError: (error: Error) => void,
): Promise<Listener> {
  let closed = false;
  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = LISTEN_RETRY_MIN_MS;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
    next.on("notification", (message) => {
      if (message.channel === channel) handlers.onMessage(message.payload ?? "");
    });
    next.on("error", (error) => {
      onConnectionError(error);
      reconnectLater(next);
    });
    next.on("end", () => reconnectLater(next));
    await next.connect();
    await next.query(`listen "${channel.replaceAll('"', '""')}"`);
    client = next;
  };

  const reconnectLater = (broken: pg.Client) => {
    if (closed || client !== broken) return;
    client = undefined;
    broken.end().catch(() => undefined);
    scheduleRetry();
  };

  const scheduleRetry = () => {
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (closed) return;
      connect().then(
        () => {
          delay = LISTEN_RETRY_MIN_MS;
          // Anything sent while no connection listened is gone: the listener must catch up another way.
          handlers.onGap?.();
        },
        (error: unknown) => {
          onConnectionError(error instanceof Error ? error : new Error(String(error)));
          delay = Math.min(delay * 2, LISTEN_RETRY_MAX_MS);
          scheduleRetry();
        },
      );
    }, delay);
    retryTimer.unref();
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
