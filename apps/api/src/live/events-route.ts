// GET /events: the dashboard's live stream (Server-Sent Events). Any signed-in user may listen, viewers too; the
// session is checked when the stream opens and again with every keepalive, so a sign-out ends it.
import { findSession, SESSION_COOKIE, type Logger } from "@playbook/core";
import type { Database } from "@playbook/db";
import type { Context as HonoContext } from "hono";
import { getCookie } from "hono/cookie";
import { streamSSE } from "hono/streaming";
import type { LiveHub } from "./live-hub";

/** How long a browser waits before reconnecting after the stream drops. */
const RETRY_MS = 2_000;

export function eventsHandler(opts: { database: Database; hub: LiveHub; logger: Logger }) {
  const { database, hub, logger } = opts;
  const sessionAlive = async (token: string | undefined) =>
    token ? (await findSession(database.db, token)) !== null : false;

  return async (c: HonoContext) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (!(await sessionAlive(token))) return c.json({ error: "Sign in to listen" }, 401);
    try {
      await hub.start();
    } catch (error) {
      logger.warn({ err: error }, "live updates cannot listen to the database");
      return c.json({ error: "Live updates are unavailable; the page refreshes by itself" }, 503);
    }
    if (hub.full)
      return c.json({ error: "Too many live streams; the page refreshes by itself" }, 503);
    c.header("Cache-Control", "no-store");
    // nginx buffers responses by default, which would hold events back.
    c.header("X-Accel-Buffering", "no");
    return streamSSE(c, async (stream) => {
      let ended = false;
      let wake: () => void = () => undefined;
      const end = () => {
        ended = true;
        wake();
      };
      stream.onAbort(end);
      const unsubscribe = await hub.subscribe({
        send: (events) => {
          stream.writeSSE({ event: "inbox", data: JSON.stringify(events) }).catch(end);
        },
        close: end,
      });
      // Filled up since the check above: the browser reconnects later and polls meanwhile.
      if (!unsubscribe) return;
      try {
        await stream.writeSSE({ event: "ready", data: "{}", retry: RETRY_MS });
        while (!ended) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, hub.keepaliveMs);
            wake = () => (clearTimeout(timer), resolve());
          });
          if (ended) break;
          if (!(await sessionAlive(token))) break;
          await stream.write(": keepalive\n\n");
        }
      } catch (error) {
        logger.debug({ err: error }, "live stream ended");
      } finally {
        unsubscribe();
      }
    });
  };
}
