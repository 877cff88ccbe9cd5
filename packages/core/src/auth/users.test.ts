import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, sessions, users } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { AppError } from "../errors";
import { login } from "./login";
import { createSession, findSession } from "./session";
import { bootstrapAdmin, changePassword, createUser, updateUser } from "./users";

describe.each(testDatabaseKinds)("users on %s", (kind) => {
  let test: TestDatabase;
  let adminId: string;
  const actor = () => ({ userId: adminId, ip: null });

  beforeAll(async () => {
    test = await openTestDatabase(kind);
  });
  afterAll(() => test.drop());

  it("creates the first admin once, with a generated password that works", async () => {
    const first = await bootstrapAdmin(test.database.db, {});
    expect(first?.email).toBe("admin@playbook.local");
    expect(first?.generatedPassword).toBeTruthy();
    expect(
      await bootstrapAdmin(test.database.db, { email: "x@example.com", password: "p".repeat(12) }),
    ).toBeNull();
    const [row] = await test.database.db.select().from(users);
    expect(row?.role).toBe("admin");
    adminId = row!.id;
    const signedIn = await login(
      test.database.db,
      {
        email: "ADMIN@playbook.local ",
        password: first!.generatedPassword!,
        ip: null,
        userAgent: null,
      },
      { sessionTtlHours: 1 },
    );
    expect(signedIn.user.id).toBe(adminId);
  });

  it("refuses a second user with the same email, whatever its case", async () => {
    await createUser(
      test.database.db,
      { email: "op@example.com", name: "Op", role: "operator", password: "p".repeat(12) },
      actor(),
    );
    await expect(
      createUser(
        test.database.db,
        { email: "OP@example.com", name: "Op2", role: "viewer", password: "p".repeat(12) },
        actor(),
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("never leaves the system without an active admin", async () => {
    await expect(
      updateUser(test.database.db, { id: adminId, role: "viewer" }, actor()),
    ).rejects.toThrow(/last active admin/);
    await expect(
      updateUser(test.database.db, { id: adminId, disabled: true }, actor()),
    ).rejects.toBeInstanceOf(AppError);
    const [row] = await test.database.db.select().from(users).where(eq(users.id, adminId));
    expect(row?.role).toBe("admin");
    expect(row?.disabledAt).toBeNull();
  });

  it("disabling a user ends their sessions and records who did it", async () => {
    const [op] = await test.database.db
      .select()
      .from(users)
      .where(eq(users.email, "op@example.com"));
    const { token } = await createSession(test.database.db, {
      userId: op!.id,
      ip: null,
      userAgent: null,
      ttlHours: 1,
    });
    expect(await findSession(test.database.db, token)).not.toBeNull();
    const updated = await updateUser(test.database.db, { id: op!.id, disabled: true }, actor());
    expect(updated.disabled).toBe(true);
    expect(await findSession(test.database.db, token)).toBeNull();
    const [left] = await test.database.db
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.userId, op!.id));
    expect(left?.n).toBe(0);
    const audit = await test.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, op!.id));
    expect(audit.map((a) => a.action)).toContain("user.update");
    expect(audit.find((a) => a.action === "user.update")?.actorUserId).toBe(adminId);
  });

  it("changes a password only with the current one, and ends the other sessions", async () => {
    const viewer = await createUser(
      test.database.db,
      { email: "v@example.com", name: "V", role: "viewer", password: "first password!" },
      actor(),
    );
    const here = await createSession(test.database.db, {
      userId: viewer.id,
      ip: null,
      userAgent: null,
      ttlHours: 1,
    });
    const elsewhere = await createSession(test.database.db, {
      userId: viewer.id,
      ip: null,
      userAgent: null,
      ttlHours: 1,
    });
    const hereSession = (await findSession(test.database.db, here.token))!;
    const who = { userId: viewer.id, sessionId: hereSession.id, ip: null };
    await expect(
      changePassword(
        test.database.db,
        { currentPassword: "wrong", newPassword: "second password!" },
        who,
      ),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await changePassword(
      test.database.db,
      { currentPassword: "first password!", newPassword: "second password!" },
      who,
    );
    expect(await findSession(test.database.db, here.token)).not.toBeNull();
    expect(await findSession(test.database.db, elsewhere.token)).toBeNull();
    await expect(
      login(
        test.database.db,
        { email: "v@example.com", password: "first password!", ip: null, userAgent: null },
        { sessionTtlHours: 1 },
      ),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("does not sign in a disabled user, with the same answer as a wrong password", async () => {
    await expect(
      login(
        test.database.db,
        { email: "op@example.com", password: "p".repeat(12), ip: null, userAgent: null },
        { sessionTtlHours: 1 },
      ),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "Wrong email or password" });
  });
});
