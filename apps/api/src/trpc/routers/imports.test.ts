// History imports over HTTP as the dashboard sends them: a multipart upload past the usual body limit, checked
// for what it carries, refused beyond its own limit, audited, and followed until the run is done.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { createApp } from "../../app";
import {
  createTestUser,
  multipartBody as multipart,
  TEST_PASSWORD,
  testEnv,
  testLogger,
} from "../../testing";

const BODY_LIMIT = 4_096;
const UPLOAD_LIMIT = 64 * 1024;
const HEADERS = { origin: "http://localhost", host: "localhost" };

const HEADER =
  "message_id,conversation_id,sent_at,direction,customer_phone,customer_name,operator,body";
// Customers asking for a bay: enough rows that the file is larger than the usual body limit, so it only gets
// through on the upload's own limit.
const BAY_REQUESTS = Array.from(
  { length: 60 },
  (_, i) =>
    `b${i},c${i},2025-03-02T11:${String(i).padStart(2, "0")}:00Z,inbound,+1902555${String(2000 + i)},,,Is a bay free at ${(i % 9) + 1}pm today?`,
);
const CSV = [
  HEADER,
  "m1,c1,2025-03-01T10:00:00Z,inbound,+19025550101,Sam Lee,,What time do you open on Sunday?",
  "m2,c1,2025-03-01T10:02:00Z,outbound,+19025550101,Sam Lee,Alex,We open at 9am on Sundays. See you then!",
  "m3,c1,not a date,inbound,+19025550101,Sam Lee,,Thanks!",
  ...BAY_REQUESTS,
].join("\n");

interface Session {
  cookie: string;
  csrfToken: string;
}

const formWith = (file: File | string) => {
  const form = new FormData();
  form.set("file", file);
  return form;
};

const csvForm = (content: string, name = "history.csv", type = "text/csv") =>
  formWith(new File([content], name, { type }));

describe.each(testDatabaseKinds)("imports API on %s", (kind) => {
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
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: { csrfToken: string } } };
    return {
      cookie: response.headers.get("set-cookie")!.split(";")[0]!,
      csrfToken: body.result.data.csrfToken,
    };
  }

  async function upload(session: Session, form: FormData, extraHeaders = {}) {
    const { body, headers } = await multipart(form);
    const response = await app.request("/trpc/imports.upload", {
      method: "POST",
      headers: {
        ...HEADERS,
        ...headers,
        cookie: session.cookie,
        "x-csrf-token": session.csrfToken,
        ...extraHeaders,
      },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        result?: { data: { importId: string } };
        error?: { message: string; data: { code: string; httpStatus: number } };
      },
    };
  }

  async function query(session: Session, procedure: string, input: unknown) {
    const response = await app.request(
      `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`,
      { headers: { ...HEADERS, cookie: session.cookie } },
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { result: { data: unknown } }).result.data;
  }

  beforeAll(async () => {
    test = await openTestDatabase(kind);
    app = createApp({
      database: test.database,
      env: {
        ...testEnv,
        PLAYBOOK_BODY_LIMIT_BYTES: BODY_LIMIT,
        PLAYBOOK_UPLOAD_LIMIT_BYTES: UPLOAD_LIMIT,
      },
      logger: testLogger,
    });
    await createTestUser(test.database, "admin", "admin@example.com");
    await createTestUser(test.database, "viewer", "viewer@example.com");
    admin = await signIn("admin@example.com");
    viewer = await signIn("viewer@example.com");
  });
  afterAll(() => test.drop());

  it("refuses what is not a CSV file, with the reason", async () => {
    const cases: [FormData, RegExp][] = [
      [new FormData(), /file: Choose a CSV file to upload/],
      [formWith("just text"), /file: Choose a CSV file to upload/],
      [csvForm(""), /file: The file is empty/],
      [csvForm(CSV, `${"h".repeat(197)}.csv`), /1 to 200 characters/],
      [csvForm(CSV, "history.xlsx", "application/vnd.ms-excel"), /Only CSV files/],
    ];
    for (const [form, message] of cases) {
      const { status, body } = await upload(admin, form);
      expect([status, body.error?.message]).toEqual([400, expect.stringMatching(message)]);
    }
    // A CSV is known by its name or by its type: these two get past the check, to the reader of the file.
    for (const form of [csvForm("a", "EXPORT.CSV", ""), csvForm("a", "export.txt", "text/csv")]) {
      const { status, body } = await upload(admin, form);
      expect([status, body.error?.message]).toEqual([
        400,
        expect.stringMatching(/^The header lacks required columns/),
      ]);
    }
    expect(
      await test.database.db.select().from(auditLog).where(eq(auditLog.action, "import.upload")),
    ).toEqual([]);
  });

  it("lets only admins upload", async () => {
    const { status, body } = await upload(viewer, csvForm(CSV));
    expect([status, body.error?.data.code]).toEqual([403, "FORBIDDEN"]);
  });

  it("answers 413 beyond the upload limit in tRPC's format, and keeps the usual limit elsewhere", async () => {
    const big = await upload(admin, csvForm(`${HEADER}\n${"y".repeat(UPLOAD_LIMIT)}`));
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({
      message: "The file is larger than the upload limit of 64 KB (PLAYBOOK_UPLOAD_LIMIT_BYTES).",
      data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 },
    });

    const other = await app.request("/trpc/config.set", {
      method: "POST",
      headers: {
        ...HEADERS,
        "content-type": "application/json",
        cookie: admin.cookie,
        "x-csrf-token": admin.csrfToken,
      },
      body: JSON.stringify({ note: "x".repeat(BODY_LIMIT) }),
    });
    expect(other.status).toBe(413);
  });

  it("refuses an upload that does not declare its length", async () => {
    const { body, headers } = await multipart(csvForm(CSV));
    const response = await app.request("/trpc/imports.upload", {
      method: "POST",
      headers: {
        ...HEADERS,
        "content-type": headers["content-type"],
        cookie: admin.cookie,
        "x-csrf-token": admin.csrfToken,
      },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(body);
          controller.close();
        },
      }),
      duplex: "half",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { message: "Send the file with a Content-Length header." },
    });
  });

  it("refuses a file that cannot be imported at all, with the reason", async () => {
    const { status, body } = await upload(admin, csvForm("when,what\n2025-03-01,hello\n"));
    expect(status).toBe(400);
    expect(body.error?.message).toMatch(/column/i);
  });

  it("stages an upload, audits it, and lets a viewer follow it to the end with its rejected rows", async () => {
    const { status, body } = await upload(admin, csvForm(CSV, "march.csv"));
    expect(status, JSON.stringify(body)).toBe(200);
    const importId = body.result!.data.importId;

    const [audit] = await test.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "import.upload"));
    expect(audit).toMatchObject({
      targetType: "import",
      targetId: importId,
      details: { fileName: "march.csv", bytes: new TextEncoder().encode(CSV).byteLength },
      ip: null,
    });

    await expect
      .poll(
        async () =>
          ((await query(viewer, "imports.get", { id: importId })) as { status: string }).status,
        {
          timeout: 15_000,
        },
      )
      .toBe("done");
    expect(await query(viewer, "imports.get", { id: importId })).toMatchObject({
      fileName: "march.csv",
      source: "upload",
      rowsRejected: 1,
      messagesImported: 2 + BAY_REQUESTS.length,
      progress: { phase: "done", fraction: 1 },
    });
    expect(await query(viewer, "imports.list", {})).toContainEqual(
      expect.objectContaining({ id: importId }),
    );
    expect(await query(viewer, "imports.rejections", { importId })).toEqual({
      items: [
        {
          line: 4,
          reason: expect.stringMatching(/sent_at/) as string,
          excerpt: expect.stringContaining("m3") as string,
        },
      ],
      nextAfterLine: null,
    });
  });
});
