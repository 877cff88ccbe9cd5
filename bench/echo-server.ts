// The machine's ceiling for an HTTP POST: a bare Hono app that reads the body and answers it, nothing else, in its
// own process as the API runs. bench/webhook-throughput.ts drives it to put the webhook's figures beside a limit.
// Prints "listening <url>" when ready.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.post("/echo", async (c) => c.json({ ok: true, bytes: (await c.req.arrayBuffer()).byteLength }));
const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => {
  process.stdout.write(`listening http://127.0.0.1:${info.port}\n`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
