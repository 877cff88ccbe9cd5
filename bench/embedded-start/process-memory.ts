// Reads a running process's memory and CPU time from outside (/proc) and from inside (what memory-probe.mjs writes on SIGUSR2).
import { execSync } from "node:child_process";
import { readFile, readdir, rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";

const MB = 2 ** 20;

export interface ProcStatus {
  rssMb: number;
  anonMb: number;
  fileMb: number;
}

/** VmRSS and its parts from /proc/<pid>/status; null once the process is gone. */
export async function readProcStatus(pid: number): Promise<ProcStatus | null> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/status`, "utf8");
  } catch {
    return null;
  }
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
  return {
    rssMb: kb("VmRSS") / 1024,
    anonMb: kb("RssAnon") / 1024,
    fileMb: (kb("RssFile") + kb("RssShmem")) / 1024,
  };
}

const CLOCK_TICKS_PER_SECOND =
  Number(execSync("getconf CLK_TCK", { encoding: "utf8" }).trim()) || 100;

/** CPU seconds (user and system) the process has used: a figure the other sessions on the machine do not move. */
export async function readCpuSeconds(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name: state is the first, utime the 12th and stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The resident part of the writable anonymous mapping exactly `bytes` long: a WebAssembly memory's pages. */
export async function residentMbOfMapping(pid: number, bytes: number): Promise<number | null> {
  const text = await readFile(`/proc/${pid}/smaps`, "utf8");
  let current: { size: number; writable: boolean; anonymous: boolean } | null = null;
  let found: number | null = null;
  for (const line of text.split("\n")) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\d+)/.exec(line);
    if (header) {
      const [, start = "0", end = "0", perms = "", inode = "0"] = header;
      current = {
        size: parseInt(end, 16) - parseInt(start, 16),
        writable: perms.startsWith("rw"),
        anonymous: inode === "0",
      };
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && current?.writable && current.anonymous && current.size === bytes) {
      found = (found ?? 0) + Number(rss[1]) / 1024;
    }
  }
  return found;
}

/** The pid of the first descendant of `rootPid` whose command line matches `pattern` (npm start → sh → node). */
export async function findDescendant(rootPid: number, pattern: RegExp): Promise<number | null> {
  const parents = new Map<number, number>();
  const commands = new Map<number, string>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      // The command name in parentheses may hold spaces: the parent pid is the second field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
      commands.set(
        Number(entry),
        (await readFile(`/proc/${entry}/cmdline`, "utf8")).replaceAll("\0", " "),
      );
    } catch {
      // The process ended while the list was read.
    }
  }
  for (const [pid, command] of commands) {
    if (!pattern.test(command)) continue;
    for (let up = parents.get(pid); up !== undefined && up > 1; up = parents.get(up)) {
      if (up === rootPid) return pid;
    }
  }
  return null;
}

export const ZProbeReport = z.object({
  at: z.number(),
  memory: z.object({
    rss: z.number(),
    heapTotal: z.number(),
    heapUsed: z.number(),
    external: z.number(),
    arrayBuffers: z.number(),
  }),
  heap: z.looseObject({
    total_heap_size: z.number(),
    used_heap_size: z.number(),
    heap_size_limit: z.number(),
  }),
  spaces: z.record(z.string(), z.number()),
  wasmMemoryBytes: z.array(z.number()),
});
export type TProbeReport = z.infer<typeof ZProbeReport>;

/** Asks the probe in `pid` for a report (SIGUSR2) and reads it from `file`. */
export async function askProbe(pid: number, file: string): Promise<TProbeReport> {
  await rm(file, { force: true });
  process.kill(pid, "SIGUSR2");
  for (let attempt = 0; attempt < 100; attempt += 1) {
    await sleep(50);
    try {
      return ZProbeReport.parse(JSON.parse(await readFile(file, "utf8")));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" && !(error instanceof SyntaxError))
        throw error;
    }
  }
  throw new Error(`the memory probe in process ${pid} did not answer (was it preloaded?)`);
}

export const toMb = (bytes: number) => bytes / MB;
