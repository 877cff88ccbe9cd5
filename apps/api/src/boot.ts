// Start-up shared by the API-only process and the all-in-one process.
import {
  bootstrapAdmin,
  createLogger,
  loadEnv,
  reportConnectionLoss,
  type Env,
  type Logger,
} from "@playbook/core";
import { createDb, runMigrations, type Database } from "@playbook/db";

export interface Booted {
  env: Env;
  logger: Logger;
  database: Database;
  /** Set on the very first start when the admin's password was generated: print it once. */
  admin: { email: string; generatedPassword: string | null } | null;
}

export async function boot(options: { requireServer: boolean; name: string }): Promise<Booted> {
  const env = loadEnv();
  if (options.requireServer && !env.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is not set. Separate API and worker processes need a PostgreSQL server; " +
        "`npm start` runs everything in one process on the embedded database.",
    );
  }
  const logger = createLogger({ level: env.LOG_LEVEL, name: options.name });
  const database = await createDb({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.PLAYBOOK_DATA_DIR,
    embeddedSharedBuffersMb: env.PLAYBOOK_EMBEDDED_SHARED_BUFFERS_MB,
    onConnectionError: (err) => reportConnectionLoss(logger, err),
  });
  await runMigrations(database);
  const admin = await bootstrapAdmin(database.db, {
    email: env.PLAYBOOK_ADMIN_EMAIL,
    password: env.PLAYBOOK_ADMIN_PASSWORD,
  });
  if (admin) logger.info({ email: admin.email }, "created the first admin");
  logger.info({ database: database.kind }, "database ready");
  return { env, logger, database, admin };
}

/** The lines a person reads in the terminal: where to go and, once, how to sign in. */
export function printBanner(url: string, admin: Booted["admin"]): void {
  const lines = [`Playbook is running at ${url}`];
  if (admin?.generatedPassword) {
    lines.push(
      "",
      "First start: an admin account was created. This password is shown only once:",
      `  email:    ${admin.email}`,
      `  password: ${admin.generatedPassword}`,
      "Change it under Settings after signing in.",
    );
  } else if (admin) {
    lines.push(`First start: admin account ${admin.email} created from PLAYBOOK_ADMIN_EMAIL.`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}
