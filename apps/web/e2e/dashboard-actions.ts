// What browser tests do to a running Playbook besides clicking: sign in, post signed OpenPhone webhooks, and call
// a tRPC procedure with the browser's own session (CSRF token from auth.me), as the dashboard does.
import type { BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { signOpenPhoneWebhook } from "@playbook/core";
import { buildMessageEvent } from "@playbook/core/testing";

export const BUSINESS_NUMBER = "+19025550000";

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/");
  await page.waitForURL("**/login");
  await page.getByRole("textbox", { name: "Email", exact: true }).fill(email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main navigation" }).waitFor();
}

/** Posts a message event to the webhook, signed as OpenPhone signs it; the server answers before processing. */
export async function deliverMessage(
  server: { url: string; secret: string },
  opts: { direction: "inbound" | "outbound"; customer: string; text: string },
): Promise<void> {
  const event = buildMessageEvent({
    shape: "legacy",
    direction: opts.direction,
    from: opts.direction === "inbound" ? opts.customer : BUSINESS_NUMBER,
    to: opts.direction === "inbound" ? BUSINESS_NUMBER : opts.customer,
    text: opts.text,
    conversationId: `CN${opts.customer.slice(-4)}`,
  });
  const rawBody = JSON.stringify(event);
  const response = await fetch(`${server.url}/webhooks/openphone`, {
    method: "POST",
    headers: signOpenPhoneWebhook({ scheme: "legacy", secret: server.secret, rawBody }),
    body: rawBody,
  });
  expect(response.status, await response.text()).toBe(200);
}

async function csrfToken(context: BrowserContext): Promise<string> {
  const me = (await (await context.request.get("/trpc/auth.me")).json()) as {
    result: { data: { csrfToken: string } };
  };
  return me.result.data.csrfToken;
}

/** A tRPC mutation with this browser's session, as the dashboard sends it. */
export async function callMutation(
  context: BrowserContext,
  path: string,
  input: unknown,
): Promise<void> {
  const response = await context.request.post(`/trpc/${path}`, {
    headers: { "x-csrf-token": await csrfToken(context) },
    data: input,
  });
  expect(response.ok(), await response.text()).toBe(true);
}

/** A tRPC query's answer with this browser's session. */
export async function callQuery<T>(
  context: BrowserContext,
  path: string,
  input?: unknown,
): Promise<T> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await context.request.get(`/trpc/${path}${query}`);
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { result: { data: T } }).result.data;
}
