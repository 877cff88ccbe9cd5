// Starts the HTTP server on the configured host and port.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createReplyEngine, WebhookProcessor } from "@playbook/core";
import type { AppOptions } from "./app";
import { createApp } from "./app";
import { createAlertTrigger } from "./live/alert-trigger";
import { LiveHub } from "./live/live-hub";

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

export async function startApi(options: AppOptions): Promise<RunningApi> {
  const engine =
    options.engine ??
    createReplyEngine({ database: options.database, env: options.env, logger: options.logger });
  const processor = options.processor ?? new WebhookProcessor(engine);
  // Load the match index before the first request, so no customer's message waits for it.
  await engine.index.refresh(options.database.db, { force: true });
  // Listening before serving: an escalation committed from now on is checked for alerts at once.
  const live = options.live ?? new LiveHub(options.database, options.logger);
  const alertTrigger = createAlertTrigger(engine, options.logger.child({ component: "alerts" }));
  live.observe((event) => alertTrigger.observe(event));
  await live.start();
  const app = createApp({ ...options, engine, processor, live });
  const { HOST: host, PORT: port } = options.env;
  return new Promise<RunningApi>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      // Links in alerts name the port really listened on when no public address is configured.
      if (!options.env.PLAYBOOK_PUBLIC_URL) {
        engine.alerts.dashboardUrl = `http://localhost:${info.port}`;
      }
      const shownHost =
        host === "0.0.0.0" || host === "127.0.0.1" || host === "::" ? "localhost" : host;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        close: async () => {
          // Open dashboard streams would otherwise hold the close open.
          await live.stop();
          await alertTrigger.stop();
          await new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // Keep-alive connections from browsers would otherwise hold the close open.
            if ("closeIdleConnections" in server) server.closeIdleConnections();
          });
          // Events it had not started stay pending in the database for the worker's sweep.
          await processor.stop();
        },
      });
    });
    server.once("error", reject);
  });
}
