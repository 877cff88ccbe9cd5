// The processes a user starts: `npm start`'s all-in-one entry and the API-only entry, as real subprocesses.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(entry: string, env: Record<string, string>): Started {
  // `node --import tsx`, not the tsx binary: that one is a parent process relaying signals to the real one.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "apps/api/src", entry)],
    {
      cwd: root,
      env: { PATH: process.env.PATH, LOG_LEVEL: "warn", PORT: "0", ...env },
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return { child, output: () => output, exited };
}

async function waitForUrl(started: Started): Promise<string> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const match = /Playbook is running at (http:\/\/\S+)/.exec(started.output());
    if (match) return match[1]!;
    if (started.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not start:\n${started.output()}`);
}

async function stop(started: Started): Promise<number | null> {
  started.child.kill("SIGTERM");
  return started.exited;
}

describe("npm start (standalone process)", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "playbook-standalone-"));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("prints the admin's generated password once, serves the API with it, and stops cleanly", async () => {
    const first = run("standalone.ts", { PLAYBOOK_DATA_DIR: dataDir });
    const url = await waitForUrl(first);
    const password = /password: (\S+)/.exec(first.output())?.[1];
    expect(password).toBeTruthy();
    expect(first.output()).toMatch(/email: +admin@playbook\.local/);

    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const login = await fetch(`${url}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@playbook.local", password }),
    });
    expect(login.status).toBe(200);

    // A second process on the same folder must be refused, not allowed to corrupt it.
    const intruder = run("standalone.ts", { PLAYBOOK_DATA_DIR: dataDir });
    expect(await intruder.exited).toBe(1);
    expect(intruder.output()).toMatch(/already open in process/);

    expect(await stop(first)).toBe(0);

    const second = run("standalone.ts", { PLAYBOOK_DATA_DIR: dataDir });
    await waitForUrl(second);
    expect(second.output()).not.toMatch(/password:/);
    expect(await stop(second)).toBe(0);
  });

  it("stops with a clear message on a bad setting", async () => {
    const started = run("standalone.ts", { PLAYBOOK_DATA_DIR: dataDir, PORT: "eighty" });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/Playbook could not start: Invalid environment:\s+PORT/);
  });
});

describe("npm run db:migrate", () => {
  it("applies every migration to the configured embedded database folder", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "playbook-migrate-"));
    try {
      const migrated = run("migrate.ts", { PLAYBOOK_DATA_DIR: dataDir });
      expect(await migrated.exited).toBe(0);
      expect(migrated.output()).toMatch(/Migrations: (\d+) of \1 applied \(pglite\)/);
      const again = run("migrate.ts", { PLAYBOOK_DATA_DIR: dataDir });
      expect(await again.exited).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("npm run start:api (API-only process)", () => {
  it("refuses to run on the embedded database", async () => {
    const started = run("main.ts", {});
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/DATABASE_URL is not set/);
  });
});
