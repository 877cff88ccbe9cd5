// Starts the built all-in-one server (`node apps/api/dist/standalone.js`) on a free port with a fresh
// embedded database, the way `npm start` runs it.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawnProcess } from "../../../build/spawn-process";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const ENTRY = path.join(REPO_ROOT, "apps/api/dist/standalone.js");
const START_TIMEOUT_MS = 30_000;
const READY_LINE = /Playbook is running at (http:\/\/localhost:\d+)/;

export interface PlaybookServer {
  url: string;
  /** Everything the server printed so far, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

export async function startPlaybookServer(
  admin: { email: string; password: string },
  /** Extra environment for the server, e.g. OPENPHONE_WEBHOOK_SECRET for webhook tests. */
  env: Record<string, string> = {},
): Promise<PlaybookServer> {
  if (!existsSync(ENTRY)) {
    throw new Error(`${ENTRY} does not exist. Run \`npm run build\` in ${REPO_ROOT} first.`);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "playbook-e2e-"));

  // Nothing from the caller's environment may point the server at another database or port, or at a real
  // OpenPhone, OpenAI or Slack account: a test says which of those it wants through `env`.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^(PLAYBOOK|OPENPHONE|OPENAI|SLACK)_/.test(name) &&
        !["DATABASE_URL", "HOST", "PORT"].includes(name),
    ),
  );
  const server = spawnProcess([ENTRY], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      NODE_ENV: "production",
      PORT: "0",
      PLAYBOOK_DATA_DIR: dataDir,
      PLAYBOOK_ADMIN_EMAIL: admin.email,
      PLAYBOOK_ADMIN_PASSWORD: admin.password,
      LOG_LEVEL: "warn",
      ...env,
    },
  });
  const stop = async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const [, url] = await server.waitFor(READY_LINE, START_TIMEOUT_MS);
    return { url: url!, output: server.output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
