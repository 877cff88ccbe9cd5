import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { LOGIN_LIMITS, login } from "./login";
import { hashPassword } from "./password";

describe.each(testDatabaseKinds)("login rate limits on %s", (kind) => {
  let test: TestDatabase;
  const password = "the right password";
  beforeAll(async () => {
    test = await openTestDatabase(kind);
    await test.database.db.insert(users).values({
      email: "target@example.com",
      name: "T",
      passwordHash: await hashPassword(password),
    });
  });
  afterAll(() => test.drop());

  const attempt = (email: string, pass: string, ip: string) =>
    login(test.database.db, { email, password: pass, ip, userAgent: null }, { sessionTtlHours: 1 });

  it("blocks an address that fails across many emails, and only that address", async () => {
    for (let i = 0; i < LOGIN_LIMITS.failuresPerAddress; i++) {
      await expect(attempt(`guess${i}@example.com`, "nope", "203.0.113.9")).rejects.toMatchObject({
        code: "UNAUTHORIZED",
      });
    }
    await expect(attempt("target@example.com", password, "203.0.113.9")).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    const fromElsewhere = await attempt("target@example.com", password, "198.51.100.7");
    expect(fromElsewhere.user.email).toBe("target@example.com");
  });
});
