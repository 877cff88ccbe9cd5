// The one place the process environment is read and validated. Everything else receives an `Env`.
import { DEFAULT_EMBEDDED_SHARED_BUFFERS_MB, MAX_EMBEDDED_SHARED_BUFFERS_MB } from "@playbook/db";
import { z } from "zod";
import { decodeSigningSecret, parseWebhookSecrets } from "./openphone/verify-signature";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const PROXY_HOPS_HINT =
  'use "false", "true" (one proxy) or how many proxies stand in front of the app (0 to 10)';

// How many trusted proxies add themselves to X-Forwarded-For: the client is the Nth address from its right.
const proxyHops = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .transform((value) => {
    if (value === undefined || value === "" || value === "false") return 0;
    return value === "true" ? 1 : Number(value);
  })
  .pipe(
    z
      .number({ error: PROXY_HOPS_HINT })
      .int({ error: PROXY_HOPS_HINT })
      .min(0, { error: PROXY_HOPS_HINT })
      .max(10, { error: PROXY_HOPS_HINT }),
  );

export const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  PLAYBOOK_DATA_DIR: z.string().trim().min(1).default("./data"),
  // The embedded database's buffer cache, resident in this process: more only speeds up a database much larger
  // than it whose working set fits the larger cache.
  PLAYBOOK_EMBEDDED_SHARED_BUFFERS_MB: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_EMBEDDED_SHARED_BUFFERS_MB)
    .default(DEFAULT_EMBEDDED_SHARED_BUFFERS_MB),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PLAYBOOK_PUBLIC_URL: optionalText.pipe(z.url().optional()),
  PLAYBOOK_ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
  PLAYBOOK_ADMIN_PASSWORD: optionalText.pipe(z.string().min(12).optional()),
  PLAYBOOK_SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 14),
  PLAYBOOK_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  // History files uploaded from the dashboard: the one request allowed past PLAYBOOK_BODY_LIMIT_BYTES.
  PLAYBOOK_UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(200 * 1024 * 1024),
  PLAYBOOK_TRUST_PROXY: proxyHops,
  PLAYBOOK_WEB_DIST: optionalText,
  PLAYBOOK_WORKER_ID: optionalText,
  // One or more signing secrets, comma-separated, so a secret can be rotated without dropping deliveries.
  OPENPHONE_WEBHOOK_SECRET: optionalText.refine(
    (value) =>
      value === undefined ||
      (parseWebhookSecrets(value).length > 0 &&
        parseWebhookSecrets(value).every((secret) => decodeSigningSecret(secret) !== null)),
    // A secret that cannot be decoded would answer every delivery 401 (and lose them); refuse to start instead.
    "every secret (comma-separated) must be base64, optionally prefixed whsec_, as OpenPhone shows it",
  ),
  OPENPHONE_API_KEY: optionalText,
  OPENPHONE_API_URL: optionalText.pipe(z.url().optional()),
  // Sender for replies when a conversation does not say which business line the customer wrote to.
  OPENPHONE_FROM: optionalText,
  // Slack incoming webhook for alerts (escalations, long waits, failed sends, the kill switch); none when unset.
  SLACK_WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(z.url().optional()),
  OPENAI_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
});

export type Env = z.infer<typeof ZEnv>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses the environment; a bad value stops start-up with a message naming the variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = ZEnv.safeParse(source);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new EnvError(`Invalid environment:\n  ${problems.join("\n  ")}`);
}
