// The stage of a browser test that works with replies: a fake OpenPhone on 127.0.0.1 (and, when asked, a fake Slack
// webhook), the built Playbook server pointed at them (webhooks signed with `webhookSecret`), and Chromium with one
// dashboard tab.
import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  startFakeOpenPhoneServer,
  startFakeSlackServer,
  type FakeOpenPhoneServer,
  type FakeSlackServer,
} from "@playbook/core/testing";
import { launchChromium, openDashboard } from "./chromium";
import { startPlaybookServer, type PlaybookServer } from "./playbook-server";

export type OpenPhoneStage = {
  openPhone: FakeOpenPhoneServer;
  browser: Browser;
  server: PlaybookServer;
  context: BrowserContext;
  page: Page;
  /** Present when the stage was asked for Slack alerts. */
  slack?: FakeSlackServer;
};

export async function startOpenPhoneStage(opts: {
  admin: { email: string; password: string };
  apiKey: string;
  webhookSecret: string;
  /** Start a fake Slack incoming webhook and point SLACK_WEBHOOK_URL at it. */
  slack?: boolean;
}): Promise<OpenPhoneStage> {
  const started: Partial<OpenPhoneStage> = {};
  try {
    const openPhone = (started.openPhone = await startFakeOpenPhoneServer({ apiKey: opts.apiKey }));
    const slack = opts.slack ? (started.slack = await startFakeSlackServer()) : undefined;
    const browser = (started.browser = await launchChromium());
    const server = (started.server = await startPlaybookServer(opts.admin, {
      OPENPHONE_WEBHOOK_SECRET: opts.webhookSecret,
      OPENPHONE_API_KEY: opts.apiKey,
      OPENPHONE_API_URL: openPhone.url,
      ...(slack ? { SLACK_WEBHOOK_URL: slack.url } : {}),
    }));
    const { context, page } = await openDashboard(browser, server.url, 900);
    return { openPhone, browser, server, context, page, ...(slack ? { slack } : {}) };
  } catch (error) {
    await stopOpenPhoneStage(started);
    throw error;
  }
}

/** Stops what started, whatever part of it did. */
export async function stopOpenPhoneStage(stage: Partial<OpenPhoneStage>): Promise<void> {
  await stage.browser?.close();
  await stage.server?.stop();
  await stage.openPhone?.close();
  await stage.slack?.close();
}
