// Everything the reply-pattern engine needs in one place: database, index, clients, clock. Built once per process.
import type { Database } from "@playbook/db";
import { llmCalls } from "@playbook/db/schema";
import type { Env } from "../env";
import type { Logger } from "../logger";
import type { ExchangeInput, ExtractedPattern } from "../learning/extracted-pattern";
import { extractPatternLocally } from "../learning/extract-pattern-locally";
import { createOpenAIClient } from "../llm/openai-client";
import { extractPatternWithOpenAI } from "../llm/extract-pattern-with-openai";
import type { LlmUsage } from "../llm/llm-usage";
import { createOpenPhoneClient, type OpenPhoneClient } from "../openphone/openphone-client";
import { parseWebhookSecrets } from "../openphone/verify-signature";
import { createSlackClient } from "../alerts/slack-client";
import type { AlertTarget } from "../alerts/deliver-alerts";
import { LoadGauge } from "./load-gauge";
import { PatternIndex } from "./pattern-index";

export type PatternExtractor = (
  input: ExchangeInput,
) => Promise<{ pattern: ExtractedPattern; source: "openai" | "local"; usage: LlmUsage | null }>;

export interface ReplyEngine {
  database: Database;
  logger: Logger;
  index: PatternIndex;
  /** Null when OPENPHONE_API_KEY is not set: replies are recorded as failed sends, never dropped. */
  openPhone: OpenPhoneClient | null;
  /** Business line to send from when a conversation does not name one. */
  defaultFrom: string | null;
  webhookSecrets: string[];
  extract: PatternExtractor;
  now: () => Date;
  /** This process's event-loop load: background processing yields to requests while it is high. */
  load: LoadGauge;
  /** Where alerts go: Slack when SLACK_WEBHOOK_URL is set, and links back to the dashboard. */
  alerts: AlertTarget;
}

export interface ReplyEngineOptions {
  database: Database;
  env: Env;
  logger: Logger;
  now?: () => Date;
  /** Only tests and benchmarks pass one, to see updates from other processes at once. */
  index?: PatternIndex;
}

const localExtractor: PatternExtractor = (input) =>
  Promise.resolve({ pattern: extractPatternLocally(input), source: "local", usage: null });

export function createReplyEngine(opts: ReplyEngineOptions): ReplyEngine {
  const { env, database, logger } = opts;
  const openPhone = env.OPENPHONE_API_KEY
    ? createOpenPhoneClient({
        apiKey: env.OPENPHONE_API_KEY,
        baseUrl: env.OPENPHONE_API_URL,
        logger: logger.child({ component: "openphone" }),
      })
    : null;

  let extract = localExtractor;
  if (env.OPENAI_API_KEY) {
    const client = createOpenAIClient({ apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL });
    extract = async (input) => {
      const result = await extractPatternWithOpenAI(
        { client, model: env.OPENAI_MODEL, fallback: extractPatternLocally },
        input,
      );
      if (result.usage) await recordLlmUsage(database, result.usage, logger);
      return result;
    };
  }

  return {
    database,
    logger,
    // A live process refits its classifier in the background: requests never wait for it.
    index: opts.index ?? new PatternIndex(undefined, { backgroundRefit: true }),
    openPhone,
    defaultFrom: env.OPENPHONE_FROM ?? null,
    webhookSecrets: parseWebhookSecrets(env.OPENPHONE_WEBHOOK_SECRET),
    extract,
    now: opts.now ?? (() => new Date()),
    load: new LoadGauge(),
    alerts: {
      slack: env.SLACK_WEBHOOK_URL ? createSlackClient(env.SLACK_WEBHOOK_URL) : null,
      dashboardUrl: env.PLAYBOOK_PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    },
  };
}

async function recordLlmUsage(database: Database, usage: LlmUsage, logger: Logger): Promise<void> {
  try {
    await database.db.insert(llmCalls).values({
      purpose: usage.purpose,
      model: usage.model,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      costUsd: usage.costUsd,
      latencyMs: Math.round(usage.latencyMs),
      ok: usage.ok,
      error: usage.error,
    });
  } catch (error) {
    // Spend tracking must not stop learning; the failure is logged, not swallowed.
    logger.error({ err: error, usage }, "could not record an LLM call");
  }
}
