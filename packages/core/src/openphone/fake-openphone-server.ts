// A real HTTP stand-in for OpenPhone's POST and GET /v1/messages and GET /v1/users/{id}, for tests in any package (never used in production).
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

export interface FakeSentMessage {
  id: string;
  content: string;
  from: string;
  to: string[];
  userId?: string;
  setInboxStatus?: "done";
  receivedAt: Date;
  authorization: string | undefined;
}

export interface FakeOpenPhoneServer {
  url: string;
  /** Messages accepted with 202, in arrival order. */
  sent: FakeSentMessage[];
  /** Every request to POST /v1/messages, including failed, rejected and hanging ones. */
  requestCount(): number;
  /** The next `count` requests get `status` (500 by default); a 429 carries Retry-After when given. */
  failNext(count: number, status?: number, options?: { retryAfterSeconds?: number }): void;
  /** The next `count` requests never get an answer, to exercise client timeouts. */
  hangNext(count: number): void;
  /**
   * The next `count` valid sends are taken (they count as sent) but the connection is dropped before the answer:
   * the client cannot know the SMS went out.
   */
  dropAfterSendingNext(count: number): void;
  waitForMessages(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

// The same rules as OpenPhone documents, so the fake rejects what the real API would.
const ZFakeSendBody = z.object({
  content: z.string().min(1).max(1600),
  from: z.string().min(1),
  to: z.array(z.string().regex(/^\+[1-9]\d{1,14}$/)).min(1),
  userId: z.string().min(1).optional(),
  setInboxStatus: z.literal("done").optional(),
});

const BODY_LIMIT_BYTES = 1024 * 1024;

export async function startFakeOpenPhoneServer(opts?: {
  apiKey?: string;
  /** Workspace users GET /v1/users/{id} knows; any other id answers 404. */
  users?: { id: string; firstName?: string; lastName?: string; email?: string }[];
}): Promise<FakeOpenPhoneServer> {
  const sent: FakeSentMessage[] = [];
  const failures: { status: number; retryAfterSeconds?: number }[] = [];
  let hangs = 0;
  let drops = 0;
  let requests = 0;
  const waiters = new Set<() => void>();

  const notify = () => {
    for (const waiter of waiters) waiter();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;
    if (req.method === "GET" && path === "/v1/messages") return listMessages(url, req, res);
    if (req.method === "GET" && path.startsWith("/v1/users/")) {
      return getUser(decodeURIComponent(path.slice("/v1/users/".length)), req, res);
    }
    if (req.method !== "POST" || path !== "/v1/messages") {
      return reply(res, 404, { message: "Not found" });
    }
    requests += 1;
    const text = await readBody(req);
    if (hangs > 0) {
      hangs -= 1;
      return; // never answered; close() destroys the socket
    }
    const failure = failures.shift();
    if (failure !== undefined) {
      if (failure.retryAfterSeconds !== undefined) {
        res.setHeader("Retry-After", String(failure.retryAfterSeconds));
      }
      return reply(res, failure.status, { message: `Injected failure ${failure.status}` });
    }

    const authorization = req.headers.authorization;
    const authorized =
      opts?.apiKey === undefined
        ? authorization !== undefined && authorization !== ""
        : authorization === opts.apiKey;
    if (!authorized) return reply(res, 401, { message: "Unauthorized", code: "0100401" });

    if (text === null) return reply(res, 413, { message: "Body too large" });
    const parsed = ZFakeSendBody.safeParse(safeJson(text));
    if (!parsed.success) {
      return reply(res, 400, {
        message: "Invalid request body",
        errors: parsed.error.issues.map((issue) => ({
          path: issue.path.join("."),
          message: issue.message,
        })),
      });
    }

    const receivedAt = new Date();
    const id = `AC${randomBytes(16).toString("hex")}`;
    sent.push({ ...parsed.data, id, receivedAt, authorization });
    if (drops > 0) {
      drops -= 1;
      notify();
      req.socket.destroy();
      return;
    }
    reply(res, 202, {
      data: {
        id,
        object: "message",
        from: parsed.data.from,
        to: parsed.data.to,
        text: parsed.data.content,
        direction: "outgoing",
        status: "queued",
        userId: parsed.data.userId ?? null,
        createdAt: receivedAt.toISOString(),
        updatedAt: receivedAt.toISOString(),
      },
    });
    notify();
  };

  const getUser = (id: string, req: IncomingMessage, res: ServerResponse) => {
    const authorization = req.headers.authorization;
    if (opts?.apiKey !== undefined ? authorization !== opts.apiKey : !authorization) {
      return reply(res, 401, { message: "Unauthorized", code: "0100401" });
    }
    const user = opts?.users?.find((u) => u.id === id);
    if (!user) return reply(res, 404, { message: "User not found" });
    reply(res, 200, { data: { role: "member", ...user } });
  };
  // GET /v1/messages as OpenPhone documents it: one line (phoneNumberId), one participant, newest first.
  const listMessages = (url: URL, req: IncomingMessage, res: ServerResponse) => {
    const authorization = req.headers.authorization;
    if (opts?.apiKey !== undefined ? authorization !== opts.apiKey : !authorization) {
      return reply(res, 401, { message: "Unauthorized", code: "0100401" });
    }
    const phoneNumberId = url.searchParams.get("phoneNumberId");
    const participant = url.searchParams.get("participants");
    if (!phoneNumberId?.startsWith("PN") || !participant || !url.searchParams.get("maxResults")) {
      return reply(res, 400, {
        message: "phoneNumberId, participants and maxResults are required",
      });
    }
    const after = new Date(url.searchParams.get("createdAfter") ?? 0);
    const data = sent
      .filter((m) => m.from === phoneNumberId && m.to.includes(participant) && m.receivedAt > after)
      .reverse()
      .map((m) => ({
        id: m.id,
        to: m.to,
        from: phoneNumberId,
        text: m.content,
        phoneNumberId,
        direction: "outgoing",
        status: "delivered",
        createdAt: m.receivedAt.toISOString(),
      }));
    reply(res, 200, { data, totalItems: data.length, nextPageToken: null });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, { message: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    requestCount: () => requests,
    failNext(count, status = 500, options) {
      for (let i = 0; i < count; i += 1) {
        failures.push({ status, retryAfterSeconds: options?.retryAfterSeconds });
      }
    },
    hangNext(count) {
      hangs += count;
    },
    dropAfterSendingNext(count) {
      drops += count;
    },
    waitForMessages(n, timeoutMs = 5_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (sent.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`fake OpenPhone: ${sent.length} of ${n} messages after ${timeoutMs} ms`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      // Hanging requests would keep close() waiting for ever.
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(body));
}

/** The request body as text, or null when it is over the limit. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > BODY_LIMIT_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
