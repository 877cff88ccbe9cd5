// Test support: runs a program as a real child process, keeps what it prints, waits for a line, stops it.
import { spawn, type ChildProcess } from "node:child_process";

export interface RunningProcess {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr together. */
  output: () => string;
  /** The exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Resolves with the first match of `pattern` in the output; rejects with the output if the process
   * exits first or `timeoutMs` passes. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>;
  /** SIGTERM, then SIGKILL if it has not exited within `timeoutMs`; resolves with the exit code. */
  stop: (timeoutMs?: number) => Promise<number | null>;
}

export function spawnProcess(
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined> },
): RunningProcess {
  // `node --import tsx`, never the tsx binary: that one is a parent process that relays signals and can
  // report a handled SIGTERM as exit 143.
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  // Reading for the whole run also keeps a full pipe from blocking the child.
  const collect = (chunk: Buffer) => (output += chunk.toString("utf8"));
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = 45_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            finish();
            resolve(match);
          }
          return match !== null;
        };
        const fail = (reason: string) => {
          finish();
          reject(new Error(`${reason}\n--- process output ---\n${output || "(none)"}`));
        };
        const timer = setTimeout(
          () => fail(`No ${String(pattern)} within ${timeoutMs} ms.`),
          timeoutMs,
        );
        const onExit = (code: number | null) => fail(`The process exited (code ${code}) first.`);
        const finish = () => {
          clearTimeout(timer);
          child.stdout.off("data", onData);
          child.stderr.off("data", onData);
          child.off("exit", onExit);
        };
        const onData = () => void check();
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        child.once("exit", onExit);
        if (!check() && hasExited()) onExit(child.exitCode);
      });
    },
    async stop(timeoutMs = 10_000) {
      if (!hasExited()) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}
