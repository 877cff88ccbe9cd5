// Starts the built all-in-one server (`node apps/api/dist/standalone.js`) on a free port with a fresh
// embedded database, the way `npm start` runs it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const ENTRY = path.join(REPO_ROOT, "apps/api/dist/standalone.js");
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const READY_LINE = /Playbook is running at (http:\/\/localhost:\d+)/;

export interface PlaybookServer {
  url: string;
  /** Everything the server printed so far, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

export async function startPlaybookServer(admin: {
  email: string;
  password: string;
}): Promise<PlaybookServer> {
  if (!existsSync(ENTRY)) {
    throw new Error(`${ENTRY} does not exist. Run \`npm run build\` in ${REPO_ROOT} first.`);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "playbook-e2e-"));

  // Nothing from the caller's environment may point the server at another database or port.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith("PLAYBOOK_") && !["DATABASE_URL", "HOST", "PORT"].includes(name),
    ),
  );
  const child = spawn(process.execPath, [ENTRY], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      NODE_ENV: "production",
      PORT: "0",
      PLAYBOOK_DATA_DIR: dataDir,
      PLAYBOOK_ADMIN_EMAIL: admin.email,
      PLAYBOOK_ADMIN_PASSWORD: admin.password,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });

  let output = "";
  // Keep reading for the whole run: a full pipe would block the server.
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const cleanUp = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const fail = (reason: string) => {
        clearTimeout(timer);
        reject(new Error(`${reason}\n--- server output ---\n${output || "(none)"}`));
      };
      const timer = setTimeout(
        () =>
          fail(
            `The server did not report that it was listening within ${START_TIMEOUT_MS / 1000} s.`,
          ),
        START_TIMEOUT_MS,
      );
      child.stdout.on("data", () => {
        const match = READY_LINE.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once("exit", (code, signal) =>
        fail(`The server exited (code ${code}, signal ${signal}) before it was listening.`),
      );
      child.once("error", (error) => fail(`The server could not be started: ${error.message}`));
    });
    return { url, output: () => output, stop: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
