// A server connection that breaks (a PostgreSQL restart, a dropped network) must not take the process down,
// whether the connection was idle in the pool, checked out for a transaction, or holding a session lock; and the
// pool must work again as soon as the server is back. The outage is a TCP proxy the test cuts: the shared server
// is never restarted. Only on a server: PGlite runs inside the process and has no connection to lose.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "./client";
import {
  openProxiedTestDatabase,
  testDatabaseKinds,
  type ProxiedTestDatabase,
  type TcpProxy,
} from "./testing";

const onServer = testDatabaseKinds.includes("postgres");

/** Resolves when `check` returns true, polling every 20 ms; fails the test after `ms`. */
async function waitFor(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.runIf(onServer)("a server connection that breaks", () => {
  let proxy: TcpProxy;
  let database: Database;
  let outage: ProxiedTestDatabase;
  const connectionErrors: Error[] = [];

  beforeAll(async () => {
    outage = await openProxiedTestDatabase((error) => connectionErrors.push(error));
    ({ proxy, database } = outage);
  });
  afterAll(() => outage.drop());

  it("leaves the process up with connections idle, in a transaction and holding a lock, and recovers", async () => {
    let releaseHolders = () => undefined as void;
    const cutDone = new Promise<void>((resolve) => (releaseHolders = resolve));
    let inTransaction = false;
    let holdingLock = false;

    // A transaction that has run a statement and is waiting (idle in transaction) when the server goes away.
    const transaction = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      inTransaction = true;
      await cutDone;
      await tx.execute(sql`select 2`);
    });
    const transactionOutcome = transaction.then(
      () => "committed",
      () => "rolled back",
    );
    // A job holding its session lock on a connection of its own, busy elsewhere when the server goes away.
    const locked = database.withAdvisoryLock("job:connection-loss", async () => {
      holdingLock = true;
      await cutDone;
      return "work done";
    });
    // And an idle connection in the pool.
    await queryRows(database.db, sql`select 1 as one`);
    await waitFor(() => inTransaction && holdingLock);

    proxy.cut();
    // Each checked-out connection reports its loss instead of throwing it at the process.
    await waitFor(() => connectionErrors.length >= 2);
    releaseHolders();
    expect(await transactionOutcome).toBe("rolled back");
    // The lock went with its connection; the work it guarded finished and is not reported as failed.
    expect(await locked).toEqual({ acquired: true, value: "work done" });
    // While the server is away, queries fail (and fail fast): callers answer 503 or retry later.
    await expect(queryRows(database.db, sql`select 1 as one`)).rejects.toThrow();

    proxy.restore();
    expect(await queryRows(database.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
    const again = await database.withAdvisoryLock("job:connection-loss", () =>
      Promise.resolve("again"),
    );
    expect(again).toEqual({ acquired: true, value: "again" });
  });

  it("keeps a LISTEN going: the listener reconnects after the outage and says notifications may be missed", async () => {
    const payloads: string[] = [];
    let gaps = 0;
    const listener = await database.listen("connection_loss_test", {
      onMessage: (payload) => payloads.push(payload),
      onGap: () => (gaps += 1),
    });
    try {
      await database.db.execute(sql`select pg_notify('connection_loss_test', 'before')`);
      await waitFor(() => payloads.includes("before"));

      const errorsBefore = connectionErrors.length;
      proxy.cut();
      await waitFor(() => connectionErrors.length > errorsBefore);
      proxy.restore();
      await waitFor(() => gaps === 1, 10_000);
      await database.db.execute(sql`select pg_notify('connection_loss_test', 'after')`);
      await waitFor(() => payloads.includes("after"));
      expect(payloads).toEqual(["before", "after"]);
    } finally {
      await listener.close();
    }
    // Closed: nothing more arrives.
    await database.db.execute(sql`select pg_notify('connection_loss_test', 'closed')`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(payloads).not.toContain("closed");
  });
});
