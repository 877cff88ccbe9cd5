// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database in PLAYBOOK_DATA_DIR.
import { exitOnStartupError, loadEnv } from "@playbook/core";
import { createDb, getMigrationStatus, runMigrations } from "@playbook/db";

try {
  const env = loadEnv();
  const database = await createDb({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.PLAYBOOK_DATA_DIR,
    embeddedSharedBuffersMb: env.PLAYBOOK_EMBEDDED_SHARED_BUFFERS_MB,
  });
  try {
    await runMigrations(database);
    const status = await getMigrationStatus(database);
    process.stdout.write(
      `Migrations: ${status.applied} of ${status.expected} applied (${database.kind}).\n`,
    );
  } finally {
    await database.close();
  }
} catch (error) {
  exitOnStartupError(error);
}
