// Replays over HTTP as the dashboard sends them: a multipart upload past the usual body limit, checked for what it
// carries, refused to a viewer, idempotent per request key, and followed by a viewer until the run is done.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { createApp } from "../../app";
import {
  createTestUser,
  multipartBody,
  SAME_ORIGIN_HEADERS as HEADERS,
  signInOverHttp,
  testEnv,
  testLogger,
  type HttpSession as Session,
} from "../../testing";

const BODY_LIMIT = 4_096;
// Questions and replies, enough of them that the file is larger than the usual body limit.
const CSV = [
  "message_id,conversation_id,sent_at,direction,customer_phone,customer_name,operator,body",
  ...Array.from({ length: 40 }, (_, i) => {
    const at = (minute: number) =>
      `2025-03-0${(i % 9) + 1}T1${i % 10}:${String(minute).padStart(2, "0")}:00Z`;
    const phone = `+1902555${String(3000 + i)}`;
    return [
      `q${i},c${i},${at(0)},inbound,${phone},,,What time do you open on Sunday?`,
      `a${i},c${i},${at(2)},outbound,${phone},,Alex,We open at 9am on Sundays. See you then!`,
    ].join("\n");
  }),
].join("\n");

type TrpcAnswer<T> = {
  result?: { data: T };
  error?: { message: string; data: { code: string } };
};

describe.each(testDatabaseKinds)("replays API on %s", (kind) => {
  let test: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let admin: Session;
  let viewer: Session;

  async function startUpload(session: Session, fields: Record<string, string>, csv = CSV) {
    const form = new FormData();
    form.set("file", new File([csv], "history.csv", { type: "text/csv" }));
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    const { body, headers } = await multipartBody(form);
    const response = await app.request("/trpc/replays.startFromUpload", {
      method: "POST",
      headers: {
        ...HEADERS,
        ...headers,
        cookie: session.cookie,
        "x-csrf-token": session.csrfToken,
      },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as TrpcAnswer<{ id: string; created: boolean }>,
    };
  }

  async function getRun(session: Session, id: string) {
    const response = await app.request(
      `/trpc/replays.get?input=${encodeURIComponent(JSON.stringify({ id }))}`,
      { headers: { ...HEADERS, cookie: session.cookie } },
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as TrpcAnswer<{ status: string; curve: unknown[] }>).result!
      .data;
  }

  beforeAll(async () => {
    test = await openTestDatabase(kind);
    app = createApp({
      database: test.database,
      env: { ...testEnv, PLAYBOOK_BODY_LIMIT_BYTES: BODY_LIMIT },
      logger: testLogger,
    });
    await createTestUser(test.database, "admin", "admin@example.com");
    await createTestUser(test.database, "viewer", "viewer@example.com");
    admin = await signInOverHttp(app, "admin@example.com");
    viewer = await signInOverHttp(app, "viewer@example.com");
  });
  afterAll(() => test.drop());

  it("starts a replay of an upload larger than the body limit once per request key; a viewer follows it to done", async () => {
    expect(CSV.length).toBeGreaterThan(BODY_LIMIT);
    const fields = { policy: "what-if", requestKey: "55555555-5555-4555-8555-555555555555" };
    const first = await startUpload(admin, fields);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.result!.data.created).toBe(true);
    const again = await startUpload(admin, fields);
    expect(again.body.result!.data).toEqual({ id: first.body.result!.data.id, created: false });

    const id = first.body.result!.data.id;
    let run = await getRun(viewer, id);
    for (let i = 0; i < 120 && (run.status === "queued" || run.status === "running"); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      run = await getRun(viewer, id);
    }
    expect(run.status).toBe("done");
    expect(run.curve).toHaveLength(101);
  }, 60_000);

  it("refuses a viewer, a file it cannot replay and a form without its fields, with the reason", async () => {
    const key = { requestKey: "66666666-6666-4666-8666-666666666666" };
    const asViewer = await startUpload(viewer, { ...key, policy: "what-if" });
    expect(asViewer.status).toBe(403);
    const badFile = await startUpload(admin, { ...key, policy: "real" }, "when,what\n1,hello\n");
    expect(badFile.status).toBe(400);
    expect(badFile.body.error?.message).toMatch(/column/i);
    const noPolicy = await startUpload(admin, key);
    expect(noPolicy.status).toBe(400);
    expect(noPolicy.body.error?.message).toMatch(/policy/);
  });
});
