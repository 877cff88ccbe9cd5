// Walks the whole router: every procedure declares who may call it, and nobody below that gets through.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@playbook/core";
import { openTestDatabase, type TestDatabase } from "@playbook/db/testing";
import { contextFor, createTestUser } from "../testing";
import type { Context } from "./context";
import { accessLevels, createCallerFactory, type Access, type Meta } from "./init";
import { appRouter } from "./router";

type Caller = "nobody" | Role;
const callers: Caller[] = ["nobody", "viewer", "operator", "admin"];
const rank: Record<Access | Caller, number> = {
  public: 0,
  nobody: 0,
  viewer: 1,
  operator: 2,
  admin: 3,
};

// At run time `_def.procedures` is flat, keyed by dotted path ("auth.login"); its declared type is nested.
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>,
);

async function call(ctx: Context, path: string): Promise<unknown> {
  let target: unknown = createCallerFactory(appRouter)(ctx);
  for (const key of path.split(".")) target = (target as Record<string, unknown>)[key];
  return (target as (input: unknown) => Promise<unknown>)(undefined);
}

async function outcome(ctx: Context, path: string): Promise<string> {
  try {
    await call(ctx, path);
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("procedure access", () => {
  let test: TestDatabase;
  const contexts = {} as Record<Caller, Context>;
  beforeAll(async () => {
    test = await openTestDatabase("pglite");
    contexts.nobody = await contextFor(test.database);
    for (const role of ["viewer", "operator", "admin"] as const) {
      contexts[role] = await contextFor(
        test.database,
        (await createTestUser(test.database, role)).id,
      );
    }
  });
  afterAll(() => test.drop());

  it("finds the procedures", () => {
    expect(procedures.length).toBeGreaterThanOrEqual(12);
  });

  it.each(procedures)("%s declares an access level", (_path, procedure) => {
    expect(accessLevels).toContain(procedure._def.meta?.access);
  });

  it.each(procedures)(
    "%s lets in exactly the callers its access level names",
    async (path, procedure) => {
      const access = procedure._def.meta!.access;
      for (const caller of callers) {
        const result = await outcome(contexts[caller], path);
        if (rank[caller] < rank[access]) {
          expect([caller, result]).toEqual([
            caller,
            caller === "nobody" ? "UNAUTHORIZED" : "FORBIDDEN",
          ]);
        } else {
          expect([caller, result]).not.toContainEqual(
            expect.stringMatching(/^(UNAUTHORIZED|FORBIDDEN)$/),
          );
        }
      }
    },
  );

  it("refuses an authenticated mutation without the session's CSRF token", async () => {
    const forged = { ...contexts.admin, csrfHeader: "not-the-token" };
    await expect(call(forged, "auth.logout")).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Missing or invalid CSRF token",
    });
    await expect(
      call({ ...contexts.admin, csrfHeader: null }, "users.create"),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
