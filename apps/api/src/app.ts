// The HTTP application: health checks, tRPC at /trpc, and the built dashboard. Thin: the work is in core.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import { trpcServer } from "@hono/trpc-server";
import { getErrorShape, TRPCError } from "@trpc/server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { serialize } from "hono/utils/cookie";
import {
  BatchingEventStore,
  createReplyEngine,
  findSession,
  measureWebhookBacklog,
  receiveWebhook,
  SESSION_COOKIE,
  WebhookProcessor,
  type Env,
  type Logger,
  type ReplyEngine,
  type WebhookEventStore,
} from "@playbook/core";
import { getMigrationStatus, type Database } from "@playbook/db";
import { eventsHandler } from "./live/events-route";
import { LiveHub } from "./live/live-hub";
import { directBodyLength, readRawBody } from "./read-raw-body";
import { clientAddress, isSameOrigin, isSecureRequest, requestFacts } from "./request-facts";
import type { Context } from "./trpc/context";
import { appRouter } from "./trpc/router";
import { GROWTH_UPLOAD_PROCEDURE } from "./trpc/routers/growth";
import { PATTERN_IMPORT_PROCEDURE } from "./trpc/routers/patterns";
import { UPLOAD_PROCEDURE } from "./trpc/routers/imports";
import { REPLAY_UPLOAD_PROCEDURE } from "./trpc/routers/replays";

export interface AppOptions {
  database: Database;
  env: Env;
  logger: Logger;
  /** Folder of the built dashboard; defaults to apps/web/dist beside this app. */
  webDist?: string | undefined;
  /** Shared with an in-process worker; made from `env` when not given. */
  engine?: ReplyEngine | undefined;
  /** Background processing of stored webhook events; made from the engine when not given. */
  processor?: WebhookProcessor | undefined;
  /** Where verified deliveries are stored before their 200; batching by default. */
  eventStore?: WebhookEventStore | undefined;
  /** The process's live-event listener for /events; made (and started on first use) when not given. */
  live?: LiveHub | undefined;
}

const READY_TIMEOUT_MS = 2_000;
const WEBHOOK_PATH = "/webhooks/openphone";

/** Most calls one batched tRPC request may carry (the dashboard's client batches at most as many). */
export const MAX_BATCH_CALLS = 20;

// Everything the dashboard loads comes from this origin. Mantine sets styles at run time (style elements and
// attributes), so styles may be inline; scripts may not: the built page has none.
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

// Procedures that take files: the upload limit instead of the request body limit.
const uploadPaths = new Set([
  `/trpc/${UPLOAD_PROCEDURE}`,
  `/trpc/${GROWTH_UPLOAD_PROCEDURE}`,
  `/trpc/${REPLAY_UPLOAD_PROCEDURE}`,
  `/trpc/${PATTERN_IMPORT_PROCEDURE}`,
]);

export function createApp(options: AppOptions) {
  const { database, env, logger, webDist } = options;
  const engine = options.engine ?? createReplyEngine({ database, env, logger });
  const processor = options.processor ?? new WebhookProcessor(engine);
  const eventStore = options.eventStore ?? new BatchingEventStore(database.db);
  const app = new Hono<{ Variables: { requestId: string } }>();

  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Responses made by a handler (tRPC's among them) do not carry the header requestId() prepared.
    c.res.headers.set("X-Request-Id", c.get("requestId"));
    const entry = {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (c.req.path === "/healthz" || c.req.path === "/readyz") logger.debug(entry, "request");
    else logger.info(entry, "request");
  });
  app.use(secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  // Answers carry sessions, CSRF tokens and customers' messages: no browser or proxy may keep them.
  app.use("/trpc/*", async (c, next) => {
    await next();
    c.res.headers.set("Cache-Control", "no-store");
  });
  const requestBodyLimit = bodyLimit({
    maxSize: env.PLAYBOOK_BODY_LIMIT_BYTES,
    onError: (c) => c.json({ error: "Request body too large" }, 413),
  });
  const uploadBodyLimit = bodyLimit({
    maxSize: env.PLAYBOOK_UPLOAD_LIMIT_BYTES,
    onError: () =>
      refuseUpload(
        "PAYLOAD_TOO_LARGE",
        `The file is larger than the upload limit of ${describeSize(env.PLAYBOOK_UPLOAD_LIMIT_BYTES)} (PLAYBOOK_UPLOAD_LIMIT_BYTES).`,
      ),
  });
  app.use(async (c, next) => {
    // A webhook read straight from Node's request: its declared length is the whole check (see read-raw-body.ts).
    const direct = c.req.path === WEBHOOK_PATH ? directBodyLength(c) : undefined;
    if (direct !== undefined) {
      return direct > env.PLAYBOOK_BODY_LIMIT_BYTES
        ? c.json({ error: "Request body too large" }, 413)
        : next();
    }
    if (!uploadPaths.has(c.req.path)) return requestBodyLimit(c, next);
    // Without a declared length, bodyLimit buffers the body (up to the whole limit) before anyone's role is
    // checked; with one, tRPC reads nothing from a caller it refuses. Browsers always declare it for a form.
    if (c.req.method === "POST" && !c.req.header("content-length")) {
      return refuseUpload("BAD_REQUEST", "Send the file with a Content-Length header.");
    }
    return uploadBodyLimit(c, next);
  });

  app.onError((error, c) => {
    logger.error({ err: error, requestId: c.get("requestId") }, "unhandled error");
    return c.json({ error: "Internal error", requestId: c.get("requestId") }, 500);
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));

  app.get("/readyz", async (c) => {
    try {
      const migrations = await withTimeout(getMigrationStatus(database), READY_TIMEOUT_MS);
      if (!migrations.upToDate) return c.json({ status: "migrations pending", migrations }, 503);
      const backlog = await withTimeout(measureWebhookBacklog(database.db), READY_TIMEOUT_MS);
      return c.json({ status: "ready", database: database.kind, migrations, backlog });
    } catch (error) {
      logger.warn({ err: error }, "readiness check failed");
      return c.json({ status: "database unreachable" }, 503);
    }
  });

  // OpenPhone's webhook: stored durably before it is acknowledged, processed after (see receive-webhook.ts).
  app.post(WEBHOOK_PATH, async (c) => {
    const leave = engine.load.enter();
    let result;
    try {
      result = await receiveWebhook(eventStore, logger, {
        header: (name) => c.req.header(name),
        // Bytes, not text: the signature covers exactly what was sent.
        rawBody: await readRawBody(c),
        secrets: engine.webhookSecrets,
      });
    } finally {
      // Also when reading the body fails (a sender that hung up): a leak would pause background work for good.
      leave();
    }
    if (result.status !== 200) {
      logger.warn({ requestId: c.get("requestId"), status: result.status }, result.body.error);
    }
    if (result.storedId) processor.enqueue(result.storedId, result.customerPhone);
    return c.json(result.body, result.status);
  });

  app.use("/trpc/*", async (c, next) => {
    if (c.req.method !== "GET" && !isSameOrigin(requestFacts(c), env)) {
      return c.json({ error: "Cross-site request refused" }, 403);
    }
    // Each call of a batch runs its own queries: an unbounded batch is an unbounded amount of work.
    const calls = c.req.path.slice("/trpc/".length).split(",").length;
    if (c.req.query("batch") === "1" && calls > MAX_BATCH_CALLS) {
      return trpcErrorResponse(
        "BAD_REQUEST",
        `A batch may hold at most ${MAX_BATCH_CALLS} calls; this one has ${calls}.`,
        c.req.path.slice("/trpc/".length),
        c.req.method === "GET" ? "query" : "mutation",
      );
    }
    return next();
  });

  app.use(
    "/trpc/*",
    trpcServer({
      router: appRouter,
      endpoint: "/trpc",
      createContext: async ({ resHeaders }, c): Promise<Context> => {
        const token = getCookie(c, SESSION_COOKIE);
        const facts = requestFacts(c);
        const secure = isSecureRequest(facts, env);
        return {
          database,
          engine,
          appEnv: env,
          logger: logger.child({ requestId: facts.requestId }),
          session: token ? await findSession(database.db, token) : null,
          ip: clientAddress(facts, env),
          userAgent: c.req.header("user-agent") ?? null,
          csrfHeader: c.req.header("x-csrf-token") ?? null,
          cookie: {
            set: (value, expiresAt) =>
              resHeaders.append(
                "Set-Cookie",
                serialize(SESSION_COOKIE, value, {
                  path: "/",
                  httpOnly: true,
                  sameSite: "Lax",
                  secure,
                  expires: expiresAt,
                }),
              ),
            clear: () =>
              resHeaders.append(
                "Set-Cookie",
                serialize(SESSION_COOKIE, "", {
                  path: "/",
                  httpOnly: true,
                  sameSite: "Lax",
                  secure,
                  maxAge: 0,
                }),
              ),
          },
        };
      },
      onError: ({ error, path: procedure }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") {
          logger.error({ err: error.cause ?? error, procedure }, "procedure failed");
        }
      },
    }),
  );

  // The dashboard's live stream: what changed, as it commits, from any process writing to the database.
  app.get(
    "/events",
    eventsHandler({ database, hub: options.live ?? new LiveHub(database, logger), logger }),
  );

  mountDashboard(app, webDist ?? env.PLAYBOOK_WEB_DIST ?? defaultWebDist());
  return app;
}

/** A refused upload in tRPC's own error format, so the dashboard's client shows the message. */
function refuseUpload(code: "BAD_REQUEST" | "PAYLOAD_TOO_LARGE", message: string): Response {
  return trpcErrorResponse(code, message, UPLOAD_PROCEDURE, "mutation");
}

/** An error answered before tRPC runs, in tRPC's own format, so clients read it like any other. */
function trpcErrorResponse(
  code: "BAD_REQUEST" | "PAYLOAD_TOO_LARGE",
  message: string,
  path: string,
  type: "query" | "mutation",
): Response {
  const shape = getErrorShape({
    config: appRouter._def._config,
    error: new TRPCError({ code, message }),
    type,
    path,
    input: undefined,
    ctx: undefined,
  });
  return Response.json({ error: shape }, { status: shape.data.httpStatus });
}

function describeSize(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return mebibytes >= 1 ? `${+mebibytes.toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} KB`;
}

function defaultWebDist(): string {
  // apps/api/src/app.ts and apps/api/dist/*.js are both one folder below apps/api.
  return fileURLToPath(new URL("../../web/dist", import.meta.url));
}

function mountDashboard(app: Hono<{ Variables: { requestId: string } }>, root: string) {
  const index = path.join(root, "index.html");
  if (!existsSync(index)) {
    app.get("/", (c) =>
      c.text(
        "The dashboard is not built. Run `npm run build` (or `npm run dev` while developing).",
        404,
      ),
    );
    return;
  }
  // Built assets carry a hash of their content in their name, so a browser may keep them for good. (Set once the
  // file was found: serveStatic's own onFound hook runs after its response is made, too late for a header.)
  app.use("/assets/*", async (c, next) => {
    await next();
    if (c.res.status === 200) c.header("Cache-Control", "public, max-age=31536000, immutable");
  });
  // The build writes .br and .gz copies of each script and style sheet: the browser gets the one it accepts.
  app.use("/assets/*", serveStatic({ root, precompressed: true }));
  // An asset the build does not have (an old page asking for a chunk replaced since) is a 404, never the page
  // itself cached for a year under a script's name.
  app.get("/assets/*", (c) => c.text("Not found", 404));
  app.use("/*", serveStatic({ root }));
  // Client-side routes (/patterns, /settings, ...) all load the single page.
  app.get("*", async (c) => {
    if (c.req.path.startsWith("/trpc/") || c.req.path.startsWith("/webhooks/")) {
      return c.json({ error: "Not found" }, 404);
    }
    c.header("Cache-Control", "no-cache");
    return c.html(await readFile(index, "utf8"));
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (
        clearTimeout(timer),
        reject(error instanceof Error ? error : new Error(String(error)))
      ),
    );
  });
}
