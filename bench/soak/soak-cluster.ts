// The API and the worker as child processes of the soak: started, killed with SIGKILL and restarted, stopped
// with SIGTERM at the end.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { measureWebhookBacklog } from "@playbook/core";
import type { Database } from "@playbook/db";

const NODE_SCRIPT = fileURLToPath(new URL("./node.ts", import.meta.url));

export class SoakCluster {
  private readonly children = new Map<"api" | "worker", ChildProcess>();
  private port = 0;
  apiUrl = "";

  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    this.port = await freePort();
    this.apiUrl = `http://127.0.0.1:${this.port}`;
    await Promise.all([this.spawn("api"), this.spawn("worker")]);
  }

  private async spawn(role: "api" | "worker"): Promise<void> {
    const child = spawn(process.execPath, ["--import", "tsx", NODE_SCRIPT, role], {
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    this.children.set(role, child);
    const ready = role === "api" ? "listening " : "worker running";
    await new Promise<void>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(ready)) resolve();
      });
      child.once("exit", (code) =>
        reject(new Error(`${role} exited (${code}) before it was ready`)),
      );
    });
  }

  /** SIGKILL: no goodbye, nothing flushed; then a fresh process in its place. */
  async killAndRestart(role: "api" | "worker"): Promise<void> {
    const child = this.children.get(role);
    if (child && child.exitCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGKILL");
      await exited;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await this.spawn(role);
  }

  /**
   * Waits until no stored message is undecided, while the backlog keeps shrinking: it stops when nothing was
   * decided for `stallMs` (what is left then is stuck) or after `maxMs`.
   */
  async waitForBacklog(database: Database, stallMs: number, maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    let best = Infinity;
    let progressAt = Date.now();
    while (Date.now() < deadline && Date.now() - progressAt < stallMs) {
      const { pending } = await measureWebhookBacklog(database.db);
      if (pending === 0) return;
      if (pending < best) {
        best = pending;
        progressAt = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  /** SIGTERM, as a deploy stops them; a process that does not stop in 15 s is killed. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.children.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    this.children.clear();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}
