// Starts the HTTP server on the configured host and port.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { AppOptions } from "./app";
import { createApp } from "./app";

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

export function startApi(options: AppOptions): Promise<RunningApi> {
  const app = createApp(options);
  const { HOST: host, PORT: port } = options.env;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      const shownHost =
        host === "0.0.0.0" || host === "127.0.0.1" || host === "::" ? "localhost" : host;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // Keep-alive connections from browsers would otherwise hold the close open.
            if ("closeIdleConnections" in server) server.closeIdleConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
