import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, DEFAULT_EMBEDDED_SHARED_BUFFERS_MB, queryRows, type Database } from "./client";
import { getMigrationStatus, runMigrations } from "./migrate";
import { customers, patterns } from "./schema/index";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "./testing";

describe.each(testDatabaseKinds)("database on %s", (kind) => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await openTestDatabase(kind);
    database = test.database;
  });
  afterAll(() => test.drop());

  it("reports every migration applied, and applying again changes nothing", async () => {
    const before = await getMigrationStatus(database);
    expect(before.upToDate).toBe(true);
    expect(before.applied).toBe(before.expected);
    await runMigrations(database);
    expect(await getMigrationStatus(database)).toEqual(before);
  });

  it("returns confidence and aggregates as numbers, so arithmetic on them is arithmetic", async () => {
    const [row] = await database.db
      .insert(patterns)
      .values({
        signature: "sig",
        triggerText: "what are your hours",
        responseTemplate: "We are open 9 to 5.",
        responseSignature: "resp",
        createdFrom: "manual",
      })
      .returning();
    expect(row?.confidence).toBe(0.5);
    expect(typeof row?.confidence).toBe("number");
    const [agg] = await queryRows<{ total: unknown; n: unknown }>(
      database.db,
      sql`select sum(confidence)::numeric as total, count(*) as n from patterns`,
    );
    expect(agg).toEqual({ total: 0.5, n: 1 });
    const [updated] = await database.db
      .update(patterns)
      .set({ confidence: sql`${patterns.confidence} + 0.15` })
      .where(eq(patterns.id, row!.id))
      .returning();
    expect(updated?.confidence).toBeCloseTo(0.65, 10);
  });

  it("rejects a confidence outside [0, 1] and leaves nothing behind", async () => {
    await expect(
      database.db.insert(patterns).values({
        signature: "bad",
        triggerText: "x",
        responseTemplate: "y",
        responseSignature: "y",
        createdFrom: "manual",
        confidence: 1.2,
      }),
    ).rejects.toThrow();
    const rows = await database.db.select().from(patterns).where(eq(patterns.signature, "bad"));
    expect(rows).toHaveLength(0);
  });

  it("enforces one customer per phone number", async () => {
    await database.db.insert(customers).values({ phone: "+15550000001" });
    await expect(database.db.insert(customers).values({ phone: "+15550000001" })).rejects.toThrow();
  });

  it("has pg_trgm", async () => {
    const [row] = await queryRows<{ s: number }>(
      database.db,
      sql`select similarity('door code', 'door codes') as s`,
    );
    expect(row?.s).toBeGreaterThan(0.5);
  });

  it("rolls a failed transaction back whole", async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await tx.insert(customers).values({ phone: "+15550000002" });
        await tx.insert(customers).values({ phone: "+15550000002" });
      }),
    ).rejects.toThrow();
    const rows = await database.db
      .select()
      .from(customers)
      .where(eq(customers.phone, "+15550000002"));
    expect(rows).toHaveLength(0);
  });

  it("lets only one holder of an advisory lock run at a time", async () => {
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const first = database.withAdvisoryLock("test:lock", () => blocker.then(() => "first"));
    // Give the first holder time to take the lock before the second tries.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await database.withAdvisoryLock("test:lock", () => Promise.resolve("second"));
    expect(second).toEqual({ acquired: false });
    release();
    expect(await first).toEqual({ acquired: true, value: "first" });
    expect(await database.withAdvisoryLock("test:lock", () => Promise.resolve(3))).toEqual({
      acquired: true,
      value: 3,
    });
  });

  if (kind === "postgres") {
    it("excludes a second process's pool from a held advisory lock", async () => {
      const other = await createDb({ databaseUrl: test.url, poolSize: 1 });
      try {
        let release!: () => void;
        const blocker = new Promise<void>((resolve) => (release = resolve));
        const first = database.withAdvisoryLock("test:cluster", () => blocker);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(await other.withAdvisoryLock("test:cluster", () => Promise.resolve(1))).toEqual({
          acquired: false,
        });
        release();
        await first;
        expect(await other.withAdvisoryLock("test:cluster", () => Promise.resolve(2))).toEqual({
          acquired: true,
          value: 2,
        });
      } finally {
        await other.close();
      }
    });
  }
});

describe("embedded database in a folder", () => {
  it("keeps its data across a restart", async () => {
    const { mkdtemp, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const dir = await mkdtemp(path.join(tmpdir(), "playbook-db-"));
    try {
      const first = await createDb({ dataDir: dir });
      await runMigrations(first);
      await first.db.insert(customers).values({ phone: "+15550000003", name: "Ada" });
      await first.close();
      const second = await createDb({ dataDir: dir });
      const rows = await second.db.select().from(customers);
      await second.close();
      expect(rows.map((r) => r.name)).toEqual(["Ada"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("embedded database buffer cache", () => {
  const sharedBuffers = async (database: Database) => {
    const [row] = await queryRows<{ shared_buffers: string }>(
      database.db,
      sql`show shared_buffers`,
    );
    return row?.shared_buffers;
  };

  it("is small by default, so PostgreSQL's 128 MB default does not sit in the process", async () => {
    const database = await createDb({ dataDir: "memory://" });
    try {
      expect(DEFAULT_EMBEDDED_SHARED_BUFFERS_MB).toBeLessThan(128);
      expect(await sharedBuffers(database)).toBe(`${DEFAULT_EMBEDDED_SHARED_BUFFERS_MB}MB`);
    } finally {
      await database.close();
    }
  });

  it("takes the size it is given", async () => {
    const database = await createDb({ dataDir: "memory://", embeddedSharedBuffersMb: 40 });
    try {
      expect(await sharedBuffers(database)).toBe("40MB");
    } finally {
      await database.close();
    }
  });

  it("refuses a size that is not a whole number of MB from 1 to 1024, before locking the folder", async () => {
    const { mkdtemp, readdir, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const dir = await mkdtemp(path.join(tmpdir(), "playbook-buffers-"));
    try {
      for (const bad of [0, 1.5, 1025, Number.NaN]) {
        await expect(createDb({ dataDir: dir, embeddedSharedBuffersMb: bad })).rejects.toThrow(
          /buffer cache must be a whole number of MB from 1 to 1024/,
        );
      }
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("embedded database folder lock", () => {
  it("refuses a folder held by another live process, and takes over a stale lock", async () => {
    const { mkdtemp, rm, writeFile, readFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { spawn } = await import("node:child_process");
    const dir = await mkdtemp(path.join(tmpdir(), "playbook-lock-"));
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      await writeFile(path.join(dir, "playbook.lock"), String(holder.pid));
      await expect(createDb({ dataDir: dir })).rejects.toThrow(/already open in process/);

      holder.kill();
      await new Promise((resolve) => holder.once("exit", resolve));
      const database = await createDb({ dataDir: dir });
      expect(await readFile(path.join(dir, "playbook.lock"), "utf8")).toBe(String(process.pid));
      await database.close();
      await expect(readFile(path.join(dir, "playbook.lock"), "utf8")).rejects.toThrow();
    } finally {
      holder.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
