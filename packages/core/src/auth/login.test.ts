import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { loginAttempts, users } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import type { AppError } from "../errors";
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
  it("evaluates at most the limit of parallel wrong guesses on one email", async () => {
    const email = "parallel@example.com";
    await test.database.db.insert(users).values({
      email,
      name: "P",
      passwordHash: await hashPassword(password),
    });
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) => attempt(email, `wrong ${i}`, `192.0.2.${i + 1}`)),
    );
    const codes = results.map((r) =>
      r.status === "rejected" ? (r.reason as AppError).code : "OK",
    );
    expect(codes.filter((c) => c === "UNAUTHORIZED")).toHaveLength(LOGIN_LIMITS.failuresPerEmail);
    expect(codes.filter((c) => c === "TOO_MANY_REQUESTS")).toHaveLength(
      25 - LOGIN_LIMITS.failuresPerEmail,
    );
    const recorded = await test.database.db
      .select()
      .from(loginAttempts)
      .where(eq(loginAttempts.email, email));
    expect(recorded).toHaveLength(LOGIN_LIMITS.failuresPerEmail);
  });

  it("evaluates at most the limit of parallel wrong guesses from one address", async () => {
    const ip = "198.51.100.200";
    const results = await Promise.allSettled(
      Array.from({ length: LOGIN_LIMITS.failuresPerAddress + 15 }, (_, i) =>
        attempt(`spray${i}@example.com`, "nope", ip),
      ),
    );
    const codes = results.map((r) =>
      r.status === "rejected" ? (r.reason as AppError).code : "OK",
    );
    expect(codes.filter((c) => c === "UNAUTHORIZED")).toHaveLength(LOGIN_LIMITS.failuresPerAddress);
    expect(codes.filter((c) => c === "TOO_MANY_REQUESTS")).toHaveLength(15);
  });
});
