// A real HTTP stand-in for a Slack incoming webhook on 127.0.0.1, for tests in any package (never used in
// production): it keeps what was posted and can answer errors, as Slack does when it is down.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeSlackServer {
  /** The webhook URL to set as SLACK_WEBHOOK_URL. */
  url: string;
  /** The `text` of every post answered 200, in arrival order. */
  posts: string[];
  /** Every POST, failed ones included. */
  requestCount(): number;
  /** The next `count` posts get `status` (500 by default). */
  failNext(count: number, status?: number): void;
  /** Forgets posts, requests and pending failures (between tests sharing one fake). */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeSlackServer(): Promise<FakeSlackServer> {
  const posts: string[] = [];
  let requests = 0;
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/services/T000/B000/XXXX") {
        res.writeHead(404).end("no_service");
        return;
      }
      requests += 1;
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        res.writeHead(failures.status).end("internal_error");
        return;
      }
      let text: unknown;
      try {
        text = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { text?: unknown }).text;
      } catch {
        text = undefined;
      }
      if (typeof text !== "string" || text === "") {
        res.writeHead(400).end("no_text");
        return;
      }
      posts.push(text);
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/XXXX`,
    posts,
    requestCount: () => requests,
    failNext: (count, status = 500) => {
      failures = { count, status };
    },
    reset: () => {
      posts.length = 0;
      requests = 0;
      failures = { count: 0, status: 500 };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
