// The webhook's body as bytes, read straight from Node's request when the API runs on @hono/node-server. Going
// through `c.req` builds a web Request and a ReadableStream around the body first (hono's bodyLimit does so just to
// see whether there is a body): a tenth of the API's CPU per delivery under load, for bytes that are then only
// hashed and parsed.
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";

/**
 * The body's declared length when it can be read from Node's request directly: a Content-Length and no
 * Transfer-Encoding, so Node's parser delivers exactly that many bytes. Undefined otherwise (then read through
 * `c.req`, where the body-limit middleware counts the bytes as they come).
 */
export function directBodyLength(c: Context): number | undefined {
  const incoming = nodeRequest(c.env);
  if (!incoming || incoming.readableDidRead) return undefined;
  const length = incoming.headers["content-length"];
  if (length === undefined || incoming.headers["transfer-encoding"] !== undefined) return undefined;
  const bytes = Number(length);
  return Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : undefined;
}

/** The whole body; the caller has checked `directBodyLength` against its limit (or the middleware has). */
export async function readRawBody(c: Context): Promise<Uint8Array> {
  const incoming = nodeRequest(c.env);
  if (!incoming || directBodyLength(c) === undefined) {
    return new Uint8Array(await c.req.arrayBuffer());
  }
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

function nodeRequest(env: unknown): IncomingMessage | undefined {
  if (typeof env !== "object" || env === null || !("incoming" in env)) return undefined;
  const incoming = env.incoming;
  return typeof incoming === "object" && incoming !== null && "readableDidRead" in incoming
    ? (incoming as IncomingMessage)
    : undefined;
}
