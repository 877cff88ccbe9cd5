// The processes a user starts: `npm start`'s all-in-one entry, `db:migrate` and the API-only entry.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { spawnProcess } from "../../../build/spawn-process";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const RUNNING = /Playbook is running at (http:\/\/\S+)/;

// Each test starts up to three processes from source (tsx compiles the app on every start): on a busy machine
// that alone can take most of the default 30 s.
const PROCESS_TEST_MS = 120_000;

// Only what each test passes reaches the process: no DATABASE_URL or PLAYBOOK_* from the caller.
const run = (entry: string, env: Record<string, string | undefined>) =>
  spawnProcess(["--import", "tsx", path.join(root, "apps/api/src", entry)], {
    cwd: root,
    env: { PATH: process.env.PATH, LOG_LEVEL: "warn", PORT: "0", ...env },
  });

describe("npm start (standalone process)", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "playbook-standalone-"));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it(
    "prints the admin's generated password once, serves the API with it, and stops cleanly",
    async () => {
      const first = run("standalone.ts", { PLAYBOOK_DATA_DIR: dataDir });
      const [, url] = await first.waitFor(RUNNING);
      const password = /password: (\S+)/.exec(first.output())?.[1];
      expect(password).toBeTruthy();
      expect(first.output()).toMatch(/email: +admin@playbook\.local/);

      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const login = await fetch(`${url}/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "admin@playbook.local", password }),
      });
      expect(login.status).toBe(200);

      // A second process on the same folder must be refused, not allowed to corrupt it.
      const intruder = run("standalone.ts", { PLAYBOOK_DATA_DIR: dataDir });
      expect(await intruder.exited).toBe(1);
      expect(intruder.output()).toMatch(/already open in process/);

      expect(await first.stop()).toBe(0);

      const second = run("standalone.ts", { PLAYBOOK_DATA_DIR: dataDir });
      await second.waitFor(RUNNING);
      expect(second.output()).not.toMatch(/password:/);
      expect(await second.stop()).toBe(0);
    },
    PROCESS_TEST_MS,
  );

  it("stops with a clear message on a bad setting", async () => {
    const started = run("standalone.ts", { PLAYBOOK_DATA_DIR: dataDir, PORT: "eighty" });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/Playbook could not start: Invalid environment:\s+PORT/);
  });
});

describe("npm run db:migrate", () => {
  it(
    "applies every migration to the configured embedded database folder",
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), "playbook-migrate-"));
      try {
        const migrated = run("migrate.ts", { PLAYBOOK_DATA_DIR: dataDir });
        expect(await migrated.exited).toBe(0);
        expect(migrated.output()).toMatch(/Migrations: (\d+) of \1 applied \(pglite\)/);
        const again = run("migrate.ts", { PLAYBOOK_DATA_DIR: dataDir });
        expect(await again.exited).toBe(0);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    PROCESS_TEST_MS,
  );
});

describe("npm run start:api (API-only process)", () => {
  it("refuses to run on the embedded database", async () => {
    const started = run("main.ts", {});
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/DATABASE_URL is not set/);
  });

  // Only a server can be shared between processes.
  if (testDatabaseKinds.includes("postgres")) {
    describe("on a PostgreSQL server", () => {
      let test: TestDatabase;
      beforeAll(async () => {
        test = await openTestDatabase("postgres");
      });
      afterAll(() => test.drop());

      it("serves the API from DATABASE_URL, with the admin from the environment, and stops on SIGTERM", async () => {
        const api = run("main.ts", {
          DATABASE_URL: test.url,
          PLAYBOOK_ADMIN_EMAIL: "boss@example.com",
          PLAYBOOK_ADMIN_PASSWORD: "a long enough password",
        });
        const [, url] = await api.waitFor(RUNNING);
        expect(api.output()).toMatch(/admin account boss@example\.com created/);
        expect(api.output()).not.toMatch(/password:/);
        expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({
          status: "ready",
          database: "postgres",
        });
        const login = await fetch(`${url}/trpc/auth.login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: "boss@example.com", password: "a long enough password" }),
        });
        expect(login.status).toBe(200);
        expect(await api.stop()).toBe(0);
      });
    });
  }
});
