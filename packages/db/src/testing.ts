// Test support: the databases integration tests run against, each fresh and migrated.
//
// Migrating a new database for every test file was most of the suite's time (a bare PGlite spends ~3 s of CPU on
// initdb alone). So the migrations run once per migration set: for PGlite into a data directory dumped to a file
// under node_modules/.cache that every later database loads; on the server into a template database every later
// database is created from. Each test still gets a database of its own, migrated exactly as runMigrations does.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createDb, type Database } from "./client";
import { migrationsFolder, runMigrations } from "./migrate";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

export { startTcpProxy, type TcpProxy };

export type TestDatabaseKind = "pglite" | "postgres";

// Test infrastructure reads its one variable here; the product's own settings go through core's env.ts.
const serverUrl = process.env.TEST_DATABASE_URL;

/** PGlite always; the PostgreSQL server as well when TEST_DATABASE_URL is set. */
export const testDatabaseKinds: TestDatabaseKind[] = serverUrl
  ? ["pglite", "postgres"]
  : ["pglite"];

export interface TestDatabase {
  database: Database;
  /** Connection string of the server database (postgres only), for code that opens its own pool. */
  url: string | undefined;
  drop(): Promise<void>;
}

/** A fresh, migrated database: in-memory PGlite, or a new database created on the test server. */
export async function openTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const database = await createDb({
      dataDir: "memory://",
      loadDataDir: await migratedPgliteImage(),
    });
    return { database, url: undefined, drop: () => database.close() };
  }
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set");
  const template = await migratedServerTemplate(serverUrl);
  const name = `playbook_test_${randomBytes(6).toString("hex")}`;
  await withAdminClient(serverUrl, (admin) =>
    whileInUse(() => admin.query(`create database "${name}" template "${template}"`)),
  );
  const url = databaseUrl(serverUrl, name);
  const database = await createDb({ databaseUrl: url, poolSize: 4 });
  return {
    database,
    url,
    async drop() {
      await database.close();
      await withAdminClient(serverUrl, (admin) =>
        admin.query(`drop database if exists "${name}" with (force)`),
      );
    },
  };
}

/** Names the migration set: the committed migrations and the versions of the code that applies them. */
let migrationSetKey: Promise<string> | undefined;
const migrationSet = () =>
  (migrationSetKey ??= (async () => {
    const hash = createHash("sha256");
    for (const pkg of ["@electric-sql/pglite", "drizzle-orm"]) {
      hash.update(`${pkg}@${await packageVersion(pkg)}\n`);
    }
    const files = (await readdir(migrationsFolder, { recursive: true })).sort();
    for (const file of files.filter((name) => /\.(sql|json)$/.test(name))) {
      hash.update(`${file}\n`).update(await readFile(path.join(migrationsFolder, file)));
    }
    return hash.digest("hex").slice(0, 16);
  })());

/** The installed version of a package whose exports do not list its package.json: read above its entry. */
async function packageVersion(name: string): Promise<string> {
  let dir = path.dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    const manifest = await readFile(path.join(dir, "package.json"), "utf8").catch(() => undefined);
    const parsed = manifest ? (JSON.parse(manifest) as { name?: string; version?: string }) : {};
    if (parsed.name === name && parsed.version) return parsed.version;
    if (path.dirname(dir) === dir) throw new Error(`no package.json found for ${name}`);
    dir = path.dirname(dir);
  }
}

// Beside the package, not under TMPDIR: some tests point TMPDIR at a folder they inspect.
const imageFolder = path.join(migrationsFolder, "..", "node_modules", ".cache", "playbook-test");

let pgliteImage: Promise<Blob> | undefined;
/** A PGlite data directory with every migration applied, built on first use and kept for later runs. */
function migratedPgliteImage(): Promise<Blob> {
  return (pgliteImage ??= (async () => {
    const file = path.join(imageFolder, `pglite-${await migrationSet()}.tar`);
    const saved = await readFile(file).catch(() => undefined);
    if (saved) return new Blob([saved]);
    const database = await createDb({ dataDir: "memory://" });
    try {
      await runMigrations(database);
      const client = (database.db as unknown as { $client: PGlite }).$client;
      const image = await client.dumpDataDir("none");
      // Written aside and renamed, so a worker building the same image at the same time never reads half a file.
      await mkdir(imageFolder, { recursive: true });
      const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
      await writeFile(partial, new Uint8Array(await image.arrayBuffer()));
      await rename(partial, file);
      return image;
    } finally {
      await database.close();
    }
  })());
}

let serverTemplate: Promise<string> | undefined;
/**
 * A database on the test server with every migration applied, which test databases are created from. Workers
 * (and concurrent runs) build it in turn under an advisory lock; it is renamed into place only once migrated.
 */
function migratedServerTemplate(url: string): Promise<string> {
  return (serverTemplate ??= (async () => {
    const template = `playbook_template_${await migrationSet()}`;
    await withAdminClient(url, async (admin) => {
      await admin.query("select pg_advisory_lock(hashtextextended($1, 0))", [template]);
      try {
        const found = await admin.query("select 1 from pg_database where datname = $1", [template]);
        if (found.rowCount) return;
        const building = `${template}_${randomBytes(4).toString("hex")}`;
        await admin.query(`create database "${building}"`);
        try {
          const database = await createDb({ databaseUrl: databaseUrl(url, building), poolSize: 1 });
          try {
            await runMigrations(database);
          } finally {
            await database.close();
          }
          // The server ends a closed connection's backend a moment later; until then the rename is refused.
          await whileInUse(() =>
            admin.query(`alter database "${building}" rename to "${template}"`),
          );
        } catch (error) {
          await admin.query(`drop database if exists "${building}" with (force)`);
          throw error;
        }
      } finally {
        await admin.query("select pg_advisory_unlock(hashtextextended($1, 0))", [template]);
      }
    });
    return template;
  })());
}

/** Retries `fn` while the server answers "object in use" (55006), for up to 10 s. */
async function whileInUse<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if ((error as { code?: string }).code !== "55006" || attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh server database reached through a TCP proxy the test cuts and restores: a database outage without
 * restarting the server other tests share. `database` goes through the proxy.
 */
export type ProxiedTestDatabase = TestDatabase & { proxy: TcpProxy };

export async function openProxiedTestDatabase(
  onConnectionError: (error: Error) => void,
): Promise<ProxiedTestDatabase> {
  const server = await openTestDatabase("postgres");
  const proxy = await startTcpProxy(server.url!);
  const database = await createDb({ databaseUrl: proxy.url, poolSize: 4, onConnectionError });
  return {
    database,
    url: proxy.url,
    proxy,
    async drop() {
      await database.close();
      await proxy.close();
      await server.drop();
    },
  };
}
