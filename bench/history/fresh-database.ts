// An empty database for one benchmark run: a new database on a PostgreSQL server, or a new embedded one.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface FreshDatabase {
  /** Where it is, for the report ("PostgreSQL …" or "embedded …"). */
  label: string;
  /** The database's name on the server; null for an embedded one. */
  name: string | null;
  /** Variables that point the Playbook CLI at it; merged over the caller's environment. */
  env: Record<string, string | undefined>;
  drop(): Promise<void>;
}

/** The server the benchmarks may create databases on: TEST_DATABASE_URL, else DATABASE_URL. */
export function benchServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A new database named `<prefix>_<time>_<random>` on the server at `serverUrl`; without a server, a new embedded
 * database in a temporary PLAYBOOK_DATA_DIR.
 */
export async function createFreshDatabase(
  serverUrl: string | undefined,
  prefix: string,
): Promise<FreshDatabase> {
  if (serverUrl === undefined) {
    const dataDir = await mkdtemp(join(tmpdir(), `${prefix}-`));
    return {
      label: `embedded database in ${dataDir}`,
      name: null,
      // DATABASE_URL would win over PLAYBOOK_DATA_DIR, so it is taken out.
      env: { DATABASE_URL: undefined, PLAYBOOK_DATA_DIR: dataDir },
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    label: `PostgreSQL database ${name} on ${url.host}`,
    name,
    env: { DATABASE_URL: url.toString() },
    // FORCE: a CLI killed half-way may leave a connection open.
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** The server for a benchmark that only means something on PostgreSQL; stops the script with a clear word if unset. */
export function requireBenchServerUrl(script: string): string {
  const url = benchServerUrl();
  if (url === undefined) {
    console.error(
      `${script} measures PostgreSQL: set TEST_DATABASE_URL or DATABASE_URL to a server it may create databases ` +
        "on, e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres",
    );
    process.exit(1);
  }
  return url;
}
