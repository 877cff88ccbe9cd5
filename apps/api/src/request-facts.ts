// What the security checks read from a request: its origin, whether it came over https, and the client's address.
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context as HonoContext } from "hono";
import type { Env } from "@playbook/core";

/** What the security checks read from a request, independent of Hono's route typing. */
export interface RequestFacts {
  header(name: string): string | undefined;
  url: string;
  requestId: string | undefined;
  remoteAddress: string | undefined;
}

// Generic so that route contexts (whose input type Hono leaves as `any`) pass without an unsafe cast.
export function requestFacts<C extends HonoContext>(c: C): RequestFacts {
  const id: unknown = c.get("requestId");
  let remoteAddress: string | undefined;
  try {
    remoteAddress = getConnInfo(c).remote.address;
  } catch {
    // No socket behind the request (app.request() in tests).
  }
  return {
    header: (name) => c.req.header(name),
    url: c.req.url,
    requestId: typeof id === "string" ? id : undefined,
    remoteAddress,
  };
}

export function isSameOrigin(req: RequestFacts, env: Env): boolean {
  const origin = req.header("origin");
  // Browsers send Origin on every cross-site POST; tools like curl send none and carry no ambient cookies.
  if (!origin) return req.header("sec-fetch-site") !== "cross-site";
  if (env.PLAYBOOK_PUBLIC_URL && origin === new URL(env.PLAYBOOK_PUBLIC_URL).origin) return true;
  try {
    const host =
      (env.PLAYBOOK_TRUST_PROXY > 0 && req.header("x-forwarded-host")) || req.header("host");
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function isSecureRequest(req: RequestFacts, env: Env): boolean {
  if (env.PLAYBOOK_PUBLIC_URL) return env.PLAYBOOK_PUBLIC_URL.startsWith("https:");
  if (env.PLAYBOOK_TRUST_PROXY > 0 && req.header("x-forwarded-proto") === "https") return true;
  return new URL(req.url).protocol === "https:";
}

/** The client's address: the one the outermost trusted proxy saw, or the socket's peer without proxies. */
export function clientAddress(req: RequestFacts, env: Env): string | null {
  const hops = env.PLAYBOOK_TRUST_PROXY;
  if (hops > 0) {
    // Each proxy appends the address it saw; anything to the left of the trusted ones is the client's own text.
    const chain = (req.header("x-forwarded-for") ?? "")
      .split(",")
      .map((address) => address.trim())
      .filter(Boolean);
    const seen = chain[Math.max(chain.length - hops, 0)];
    if (seen) return seen;
  }
  return req.remoteAddress ?? null;
}
