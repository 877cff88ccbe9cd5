// Small pieces the commands share: paths as the user typed them, number options, the progress bar.
import path from "node:path";
import cliProgress from "cli-progress";

export class UsageError extends Error {
  override name = "UsageError";
}

/** npm runs scripts from the repository root; a relative path means where the user typed the command. */
export function resolveUserPath(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

export function numberOption(
  name: string,
  value: string | boolean | undefined,
  opts: { min: number; integer?: boolean },
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = typeof value === "string" ? Number(value) : Number.NaN;
  if (
    !Number.isFinite(parsed) ||
    parsed < opts.min ||
    (opts.integer && !Number.isInteger(parsed))
  ) {
    throw new UsageError(
      `--${name} must be ${opts.integer ? "a whole number" : "a number"} ≥ ${opts.min}, not "${String(value)}"`,
    );
  }
  return parsed;
}

export interface Progress {
  update(phase: string, done: number, total: number): void;
  stop(): void;
}

/** A bar on the terminal (stderr); silent when stderr is not a terminal, so logs and pipes stay clean. */
export function createProgress(): Progress {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: "{phase} [{bar}] {percentage}% | {value}/{total} {unit} | {eta_formatted} left",
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase = "";
  return {
    update(next, done, total) {
      const unit = next === "staging" || next === "reading" ? "bytes" : "rows";
      if (next !== phase) {
        if (phase) bar.stop();
        phase = next;
        bar.start(Math.max(total, 1), done, { phase: next.padEnd(10), unit });
      } else bar.update(done, { phase: next.padEnd(10), unit });
      if (total !== bar.getTotal()) bar.setTotal(Math.max(total, 1));
    },
    stop() {
      if (phase) bar.stop();
    },
  };
}

export function formatRate(count: number, seconds: number): string {
  return `${Math.round(count / Math.max(seconds, 1e-9)).toLocaleString("en-US")}/s`;
}
