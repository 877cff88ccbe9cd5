// Growth over HTTP: an admin uploads the three files (past the usual body limit), asks for a refresh and everyone
// signed in reads the ladder, the patterns and the history; a viewer cannot upload or refresh.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSyntheticGrowth, growthCsv } from "@playbook/core";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { createApp } from "../../app";
import type { RouterOutputs } from "../router";
import { createTestUser, TEST_PASSWORD, testEnv, testLogger } from "../../testing";

type Growth = RouterOutputs["growth"];
const HEADERS = { origin: "http://localhost", host: "localhost" };
interface Session {
  cookie: string;
  csrfToken: string;
}

describe.each(testDatabaseKinds)("growth API on %s", (kind) => {
  let test: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let admin: Session;
  let viewer: Session;

  async function signIn(email: string): Promise<Session> {
    const response = await app.request("/trpc/auth.login", {
      method: "POST",
      headers: { ...HEADERS, "content-type": "application/json" },
      body: JSON.stringify({ email, password: TEST_PASSWORD }),
    });
    const body = (await response.json()) as { result: { data: { csrfToken: string } } };
    return {
      cookie: response.headers.get("set-cookie")!.split(";")[0]!,
      csrfToken: body.result.data.csrfToken,
    };
  }

  async function post<T>(session: Session, procedure: string, form?: FormData) {
    const encoded = new Request("http://localhost/", {
      method: "POST",
      body: form ?? JSON.stringify(null),
    });
    const body = new Uint8Array(await encoded.arrayBuffer());
    const response = await app.request(`/trpc/${procedure}`, {
      method: "POST",
      headers: {
        ...HEADERS,
        "content-type": form ? encoded.headers.get("content-type")! : "application/json",
        "content-length": String(body.byteLength),
        cookie: session.cookie,
        "x-csrf-token": session.csrfToken,
      },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as { result?: { data: T } },
    };
  }

  async function query<T>(session: Session, procedure: string, input?: unknown): Promise<T> {
    const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const response = await app.request(`/trpc/${procedure}${search}`, {
      headers: { ...HEADERS, cookie: session.cookie },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { result: { data: T } }).result.data;
  }

  beforeAll(async () => {
    test = await openTestDatabase(kind);
    app = createApp({
      database: test.database,
      env: { ...testEnv, PLAYBOOK_BODY_LIMIT_BYTES: 4096 },
      logger: testLogger,
    });
    await createTestUser(test.database, "admin", "admin@example.com");
    await createTestUser(test.database, "viewer", "viewer@example.com");
    admin = await signIn("admin@example.com");
    viewer = await signIn("viewer@example.com");
  });
  afterAll(() => test.drop());

  it("uploads, reports rejections, refreshes, and serves the results", async () => {
    const g = generateSyntheticGrowth({ contractors: 300, seed: 4, noiseActivities: 0 });
    const form = new FormData();
    form.set(
      "contractors",
      new File([growthCsv("contractors", g.contractors)], "contractors.csv", { type: "text/csv" }),
    );
    form.set(
      "revenue",
      new File([growthCsv("revenue", g.revenue) + "s1,yesterday,5,\n"], "revenue.csv", {
        type: "text/csv",
      }),
    );
    form.set(
      "activities",
      new File([growthCsv("activities", g.activities)], "activities.csv", { type: "text/csv" }),
    );
    expect((await post(viewer, "growth.upload", form)).status).toBe(403);
    const uploaded = await post<Growth["upload"]>(admin, "growth.upload", form);
    expect(uploaded.status).toBe(200);
    const result = uploaded.body.result!.data;
    expect(result).toMatchObject({ status: "done", rowsRejected: 1 });

    const rejections = await query<Growth["rejections"]>(viewer, "growth.rejections", {
      importId: result.importId,
    });
    expect(rejections).toEqual([
      {
        file: "revenue.csv",
        line: g.revenue.length + 2,
        reason: "as_of: must be a date as YYYY-MM-DD",
      },
    ]);
    const imports = await query<Growth["imports"]>(viewer, "growth.imports");
    expect(imports[0]).toMatchObject({ id: result.importId, rowsAccepted: result.rowsAccepted });

    expect((await post(viewer, "growth.refresh")).status).toBe(403);
    const refreshed = await post(admin, "growth.refresh");
    expect(refreshed.status).toBe(200);

    const ladder = await query<Growth["ladder"]>(viewer, "growth.ladder");
    expect(ladder.ladder).toHaveLength(10);
    expect(ladder.transitions[0]).toMatchObject({ fromTier: "0-5M", toTier: "5-10M" });
    const patterns = await query<Growth["patterns"]>(viewer, "growth.patterns", {
      fromTier: "0-5M",
    });
    expect(patterns.length).toBeGreaterThan(0);
    expect(patterns[0]!.sentence).toMatch(/contractors who went from 0-5M to 5-10M/);
    const refreshes = await query<Growth["refreshes"]>(viewer, "growth.refreshes");
    expect(refreshes[0]).toMatchObject({ isCurrent: true, status: "done", trigger: "request" });
  });

  it("lets an admin change the ladder, checked", async () => {
    const bad = await app.request("/trpc/growth.setSettings", {
      method: "POST",
      headers: {
        ...HEADERS,
        "content-type": "application/json",
        cookie: admin.cookie,
        "x-csrf-token": admin.csrfToken,
      },
      body: JSON.stringify({
        growthTierLadder: [
          { label: "small", minRevenue: 0 },
          { label: "big", minRevenue: 0 },
        ],
      }),
    });
    expect(bad.status).toBe(400);
    const ok = await app.request("/trpc/growth.setSettings", {
      method: "POST",
      headers: {
        ...HEADERS,
        "content-type": "application/json",
        cookie: admin.cookie,
        "x-csrf-token": admin.csrfToken,
      },
      body: JSON.stringify({
        growthTierLadder: [
          { label: "small", minRevenue: 0 },
          { label: "big", minRevenue: 1_000_000 },
        ],
        growthRefreshIntervalDays: 7,
      }),
    });
    expect(ok.status).toBe(200);
    const settings = await query<Growth["settings"]>(viewer, "growth.settings");
    expect(settings).toMatchObject({ growthRefreshIntervalDays: 7, growthBacktestMonths: 12 });
    expect(settings.growthTierLadder.map((t) => t.label)).toEqual(["small", "big"]);
  });
});
