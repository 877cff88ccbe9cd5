// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database.
import { createDb } from "../client";
import { runMigrations } from "../migrate";

const database = await createDb({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.PLAYBOOK_DATA_DIR,
});
try {
  await runMigrations(database);
  console.log(`migrations applied (${database.kind})`);
} finally {
  await database.close();
}
