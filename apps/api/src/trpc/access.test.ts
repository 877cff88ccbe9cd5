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

/**
 * The level every procedure must have, written down here rather than read from the procedure itself: a wrong
 * declaration fails this test, and so does a procedure nobody added to the table. Admin-only by the safety
 * design: turning a pattern on or making it auto-executable, editing, rolling back, deleting and restoring it.
 */
const requiredAccess: Record<string, Access> = {
  "auth.me": "public",
  "auth.login": "public",
  "auth.logout": "viewer",
  "auth.changePassword": "viewer",
  "users.list": "admin",
  "users.create": "admin",
  "users.update": "admin",
  "audit.list": "admin",
  "audit.facets": "admin",
  "config.get": "viewer",
  "config.set": "admin",
  "jobs.recent": "viewer",
  "system.info": "viewer",
  "system.openPhoneConnection": "viewer",
  "conversations.list": "viewer",
  "conversations.get": "viewer",
  "conversations.workQueue": "viewer",
  "conversations.workQueueCounts": "viewer",
  "conversations.reply": "operator",
  "conversations.sendStatus": "viewer",
  "conversations.setGoldStandard": "operator",
  "conversations.reportWrongReply": "operator",
  "conversations.markReplyGold": "operator",
  "demo.status": "admin",
  "demo.load": "admin",
  "demo.sendMessage": "admin",
  "demo.remove": "admin",
  "customers.findByPhone": "viewer",
  "customers.setFlags": "operator",
  "customers.flagged": "viewer",
  "customers.clearOptOut": "admin",
  "queue.list": "viewer",
  "queue.approve": "operator",
  "queue.edit": "operator",
  "queue.reject": "operator",
  "suggestions.accept": "operator",
  "suggestions.edit": "operator",
  "suggestions.reject": "operator",
  "smartSuggestions.list": "viewer",
  "smartSuggestions.accept": "admin",
  "smartSuggestions.dismiss": "admin",
  "smartSuggestions.refresh": "admin",
  "stats.get": "viewer",
  "stats.timeline": "viewer",
  "stats.topPatterns": "viewer",
  "playground.test": "operator",
  "automation.killSwitch": "admin",
  "automation.retrySend": "operator",
  "automation.markSendHandled": "operator",
  "patterns.list": "viewer",
  "patterns.get": "viewer",
  "patterns.create": "operator",
  "patterns.draft": "operator",
  "patterns.preview": "operator",
  "patterns.update": "admin",
  "patterns.rollback": "admin",
  "patterns.setActive": "admin",
  "patterns.delete": "admin",
  "patterns.restore": "admin",
  "patterns.bulk": "admin",
  "patterns.bulkUndo": "admin",
  "patterns.export": "admin",
  "patterns.import": "admin",
  "patterns.adjustConfidence": "admin",
  "imports.list": "viewer",
  "imports.get": "viewer",
  "imports.rejections": "viewer",
  "imports.upload": "admin",
  "replays.list": "viewer",
  "replays.get": "viewer",
  "replays.results": "viewer",
  "replays.startFromHistory": "admin",
  "replays.startFromUpload": "admin",
  "replays.cancel": "admin",
  "replays.applyThreshold": "admin",
  "growth.ladder": "viewer",
  "growth.patterns": "viewer",
  "growth.refreshes": "viewer",
  "growth.imports": "viewer",
  "growth.rejections": "viewer",
  "growth.settings": "viewer",
  "growth.setSettings": "admin",
  "growth.refresh": "admin",
  "growth.upload": "admin",
  "growth.contractors": "viewer",
  "growth.contractor": "viewer",
  "growth.advice": "viewer",
  "growth.tickChecklist": "operator",
  "growth.recordOutcome": "operator",
  "growth.patternOutcomes": "admin",
  "experiments.list": "viewer",
  "experiments.get": "viewer",
  "experiments.patternOutcomes": "viewer",
  "experiments.satisfaction": "viewer",
  "experiments.start": "admin",
  "experiments.stop": "admin",
  "experiments.setPromotionConsent": "admin",
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

  it.each(procedures)("%s declares the access level the table requires", (path, procedure) => {
    expect(accessLevels).toContain(procedure._def.meta?.access);
    expect([path, procedure._def.meta?.access]).toEqual([path, requiredAccess[path]]);
  });

  it("has a table entry for every procedure and no entry for a procedure that is gone", () => {
    expect(Object.keys(requiredAccess).sort()).toEqual(procedures.map(([path]) => path).sort());
  });

  it.each(procedures)("%s lets in exactly the callers the table names", async (path) => {
    const access = requiredAccess[path]!;
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
  });

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
