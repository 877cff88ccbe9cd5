// What the PostgreSQL server spent on a benchmark's work, when it runs on this machine: a client's CPU alone hides
// the half of the cost that its statements make the server pay.
import { readdir, readFile } from "node:fs/promises";

/**
 * CPU seconds used so far by the server's backends connected to `database` (from /proc, so only for a server on
 * this machine; backends and parallel workers that have exited are not counted). Null when none is found.
 */
export async function serverCpuSeconds(database: string): Promise<number | null> {
  let ticks = 0;
  let found = false;
  for (const pid of await readdir("/proc").catch(() => [])) {
    if (!/^\d+$/.test(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (!cmdline.startsWith("postgres: ") || !cmdline.includes(` ${database} `)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
    found = true;
  }
  return found ? ticks / 100 : null;
}
