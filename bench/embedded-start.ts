// The embedded start: `npm start` on a PGlite data folder holding N imported messages. Targets: ready in ≤ 10 s on
// a warm install, ≤ 400 MB RSS when idle with 100,000 messages stored.
//
//   npx tsx bench/embedded-start.ts [--messages 100000] [--seed 1] [--starts 2] [--cache DIR] [--no-baseline]
//
// The data folder is made once by the product's own import (`npm run playbook -- import`, synthetic history) and
// kept in --cache (default: the temp folder) for later runs; each run starts on a copy. Each start is `npm start`
// itself (build step included; turbo's cache makes it a no-op when nothing changed), timed to the first 200 from
// /readyz, then left until the jobs it runs at start have finished and its RSS has settled. Start 1 is the first on
// a freshly imported folder, start 2 onwards repeat it on the same folder. Two starts on an empty folder follow: a
// new install's first (initdb and migrations), then a repeated one, the baseline the stored data's memory is told
// apart from.
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { importHistory, migrateDatabase, repoRoot, ZImportSummary } from "./history/playbook-cli";
import { writeSyntheticHistory } from "./history/synthetic-history";
import {
  askProbe,
  findDescendant,
  readCpuSeconds,
  readProcStatus,
  residentMbOfMapping,
  toMb,
  type TProbeReport,
} from "./embedded-start/process-memory";

const TARGET_READY_S = 10;
const TARGET_IDLE_RSS_MB = 400;

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "100000" },
    seed: { type: "string", default: "1" },
    starts: { type: "string", default: "2" },
    cache: { type: "string" },
    "no-baseline": { type: "boolean", default: false },
  },
});
const options = z
  .object({
    messages: z.coerce.number().int().positive(),
    seed: z.coerce.number().int(),
    starts: z.coerce.number().int().min(1).max(10),
    cache: z.string().min(1).optional(),
    "no-baseline": z.boolean(),
  })
  .parse(values);
const cacheDir =
  options.cache ?? join(tmpdir(), `playbook-embedded-start-${options.messages}-s${options.seed}`);
const probeModule = new URL("./embedded-start/memory-probe.mjs", import.meta.url).href;

/** The data folder with the messages imported, made once per cache folder. */
async function preparedDataDir(): Promise<string> {
  const dataDir = join(cacheDir, "data");
  const readyFile = join(cacheDir, "ready.json");
  try {
    const summary = ZImportSummary.parse(JSON.parse(await readFile(readyFile, "utf8")));
    console.log(`data: ${summary.messagesImported} messages imported earlier, in ${dataDir}`);
    return dataDir;
  } catch {
    // Not made yet, or made by a run that did not finish: make it again.
  }
  await rm(cacheDir, { recursive: true, force: true });
  await mkdir(cacheDir, { recursive: true });
  const file = join(cacheDir, "history.csv");
  // About 50 messages per customer over the history, as a busy venue's regulars send.
  const customers = Math.max(100, Math.round(options.messages / 50));
  await writeSyntheticHistory(file, { messages: options.messages, customers, seed: options.seed });
  const env = { DATABASE_URL: undefined, PLAYBOOK_DATA_DIR: dataDir };
  await migrateDatabase(env);
  const summary = await importHistory(file, env);
  await rm(file);
  await writeFile(readyFile, JSON.stringify(summary));
  console.log(
    `data: imported ${summary.messagesImported} messages (${summary.patternsCreated} patterns, ` +
      `${summary.exchangesLearned} exchanges learned) in ${summary.seconds.toFixed(0)} s into ${dataDir}`,
  );
  return dataDir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("the server was given no port")),
      );
    });
  });
}

const ZLogLine = z.looseObject({
  msg: z.string(),
  job: z.string().optional(),
  trigger: z.string().optional(),
  durationMs: z.number().optional(),
});

interface StartResult {
  label: string;
  readySeconds: number;
  /** CPU the product's process had used when it was ready. */
  readyCpuSeconds: number;
  /** From `npm start` to its node process existing: npm and the build step. */
  buildSeconds: number;
  peakRssMb: number;
  idleSeconds: number;
  idleRss: { rssMb: number; anonMb: number; fileMb: number };
  probe: TProbeReport;
  wasmResidentMb: number | null;
  slowestStartJobs: string[];
}

async function startOnce(label: string, dataDir: string): Promise<StartResult> {
  const port = await freePort();
  const probeFile = join(tmpdir(), `playbook-embedded-start-probe-${process.pid}.json`);
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: undefined,
    OPENAI_API_KEY: undefined,
    PLAYBOOK_DATA_DIR: dataDir,
    HOST: "127.0.0.1",
    PORT: String(port),
    // Debug: the job runs' start lines say when the work begun at start-up has finished.
    LOG_LEVEL: "debug",
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${probeModule}`.trim(),
    PLAYBOOK_BENCH_PROBE_FILE: probeFile,
  };
  const startedAt = performance.now();
  const npm = spawn("npm", ["start", "--loglevel=error"], {
    cwd: repoRoot,
    env: Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const startJobs = { started: 0, finished: 0, durations: new Map<string, number>() };
  let partial = "";
  npm.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("{")) continue;
      const parsed = ZLogLine.safeParse(JSON.parse(line));
      if (!parsed.success || parsed.data.trigger !== "start") continue;
      if (parsed.data.msg === "job run started") startJobs.started += 1;
      if (parsed.data.msg === "job run succeeded" || parsed.data.msg === "job run failed") {
        startJobs.finished += 1;
        startJobs.durations.set(parsed.data.job ?? "?", parsed.data.durationMs ?? 0);
      }
    }
  });
  npm.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => npm.once("exit", () => resolve()));
  const elapsed = () => (performance.now() - startedAt) / 1000;
  const fail = (why: string) => new Error(`${label}: ${why}\n${output.slice(-3000)}`);

  let pid: number | null = null;
  let buildSeconds = 0;
  let readySeconds: number | null = null;
  let readyCpuSeconds = 0;
  let peakRssMb = 0;
  try {
    while (readySeconds === null) {
      if (npm.exitCode !== null) throw fail("npm start exited before it was ready");
      if (elapsed() > 180) throw fail("not ready within 180 s");
      if (pid === null) {
        pid = await findDescendant(npm.pid ?? -1, /^\S*node\s+\S*standalone\.js/);
        if (pid !== null) buildSeconds = elapsed();
      } else {
        peakRssMb = Math.max(peakRssMb, (await readProcStatus(pid))?.rssMb ?? 0);
      }
      try {
        const response = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (response.status === 200) {
          readySeconds = elapsed();
          readyCpuSeconds = (pid === null ? null : await readCpuSeconds(pid)) ?? 0;
        }
      } catch {
        // Not listening yet.
      }
      await sleep(50);
    }
    if (pid === null) throw fail("ready, but its node process was not found");

    // Idle: every job run begun at start has finished and RSS has stopped moving (three samples a second apart
    // within 2 MB of each other).
    const samples: number[] = [];
    for (;;) {
      await sleep(1000);
      const status = await readProcStatus(pid);
      if (status === null) throw fail("the process ended while idling");
      peakRssMb = Math.max(peakRssMb, status.rssMb);
      samples.push(status.rssMb);
      const last = samples.slice(-3);
      const settled = last.length === 3 && Math.max(...last) - Math.min(...last) < 2;
      if (startJobs.started > 0 && startJobs.finished >= startJobs.started && settled) break;
      if (elapsed() > 300) throw fail("did not go idle within 300 s");
    }
    const idleSeconds = elapsed();
    const probe = await askProbe(pid, probeFile);
    const idleRss = (await readProcStatus(pid)) ?? { rssMb: 0, anonMb: 0, fileMb: 0 };
    const largestWasm = Math.max(0, ...probe.wasmMemoryBytes);
    const wasmResidentMb = largestWasm > 0 ? await residentMbOfMapping(pid, largestWasm) : null;
    const slowestStartJobs = [...startJobs.durations]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([job, ms]) => `${job} ${(ms / 1000).toFixed(1)} s`);
    return {
      label,
      readySeconds,
      readyCpuSeconds,
      buildSeconds,
      peakRssMb,
      idleSeconds,
      idleRss,
      probe,
      wasmResidentMb,
      slowestStartJobs,
    };
  } finally {
    // The product's own process, so that it shuts down as on Ctrl-C; npm start then ends with it.
    if (pid !== null && (await readProcStatus(pid)) !== null) process.kill(pid, "SIGTERM");
    else npm.kill("SIGTERM");
    await Promise.race([exited, sleep(30_000)]);
    await rm(probeFile, { force: true });
  }
}

const mb = (value: number) => `${value.toFixed(0)} MB`;
const verdict = (value: number, target: number) =>
  `${(value / target).toFixed(2)} of the target: ${value <= target ? "met" : "MISSED"}`;

function report(result: StartResult): void {
  const { memory, heap, spaces } = result.probe;
  const wasmMb = toMb(Math.max(0, ...result.probe.wasmMemoryBytes));
  // Node counts a WebAssembly memory's whole grown size in `external`; only its resident part is in RSS.
  const wasmResidentMb = result.wasmResidentMb ?? wasmMb;
  const otherExternalMb = toMb(memory.external - memory.arrayBuffers) - wasmMb;
  const accounted =
    result.idleRss.fileMb +
    wasmResidentMb +
    toMb(memory.heapTotal + memory.arrayBuffers) +
    Math.max(0, otherExternalMb);
  console.log(
    [
      `${result.label}`,
      `  ready in ${result.readySeconds.toFixed(1)} s (target ≤ ${TARGET_READY_S} s, ` +
        `${verdict(result.readySeconds, TARGET_READY_S)}); npm and the build step took ` +
        `${result.buildSeconds.toFixed(1)} s of it; the product's process used ` +
        `${result.readyCpuSeconds.toFixed(1)} s of CPU to get ready`,
      `  idle after ${result.idleSeconds.toFixed(0)} s: RSS ${mb(result.idleRss.rssMb)} (target ≤ ` +
        `${TARGET_IDLE_RSS_MB} MB, ${verdict(result.idleRss.rssMb, TARGET_IDLE_RSS_MB)}); peak ` +
        `${mb(result.peakRssMb)} during start`,
      `  where it goes: anonymous ${mb(result.idleRss.anonMb)}, file-backed (code, mapped files) ` +
        `${mb(result.idleRss.fileMb)}`,
      `    PGlite's WebAssembly memory ${mb(wasmMb)} grown, ${result.wasmResidentMb === null ? "?" : mb(result.wasmResidentMb)} resident`,
      `    V8 heap ${mb(toMb(memory.heapUsed))} used of ${mb(toMb(memory.heapTotal))} (limit ` +
        `${mb(toMb(heap.heap_size_limit))}; old space ${mb(toMb(spaces.old_space ?? 0))}, large objects ` +
        `${mb(toMb(spaces.large_object_space ?? 0))}, code ${mb(toMb(spaces.code_space ?? 0))})`,
      `    array buffers ${mb(toMb(memory.arrayBuffers))}, other external memory ${mb(otherExternalMb)}`,
      `    the rest (compiled WebAssembly and JavaScript code, Node's native allocations): ` +
        `${mb(result.idleRss.rssMb - accounted)}`,
      `  slowest jobs run at start: ${result.slowestStartJobs.join(", ") || "none"}`,
    ].join("\n"),
  );
}

const source = await preparedDataDir();
const runDir = await mkdtemp(join(tmpdir(), "playbook-embedded-start-run-"));
try {
  const dataDir = join(runDir, "data");
  await cp(source, dataDir, { recursive: true });
  await rm(join(dataDir, "playbook.lock"), { force: true });
  console.log(`starting on a copy in ${dataDir}\n`);
  const results: StartResult[] = [];
  for (let start = 1; start <= options.starts; start += 1) {
    const label =
      start === 1
        ? `start 1 (first on the freshly imported folder, build already made)`
        : `start ${start} (repeated on the same folder)`;
    const result = await startOnce(label, dataDir);
    report(result);
    results.push(result);
  }
  if (!options["no-baseline"]) {
    // A new install's first start runs initdb in a second WebAssembly instance; its leftovers wait for a garbage
    // collection that an idle process may not run for a while. The repeated start is the baseline for the data.
    const emptyDir = join(runDir, "empty");
    report(
      await startOnce("new install: first start on an empty folder (initdb, migrations)", emptyDir),
    );
    const baseline = await startOnce("empty install, repeated start (the baseline)", emptyDir);
    report(baseline);
    const last = results.at(-1);
    if (last) {
      const heapDelta = toMb(last.probe.memory.heapUsed - baseline.probe.memory.heapUsed);
      const buffersDelta = toMb(
        last.probe.memory.arrayBuffers - baseline.probe.memory.arrayBuffers,
      );
      const wasmDelta = (last.wasmResidentMb ?? 0) - (baseline.wasmResidentMb ?? 0);
      console.log(
        `\n${options.messages} stored messages add ${mb(last.idleRss.rssMb - baseline.idleRss.rssMb)} of idle ` +
          `RSS: ${mb(heapDelta)} of V8 heap used and ${mb(buffersDelta)} of array buffers (the match index, ` +
          `classifier and calibration), ${mb(wasmDelta)} of PGlite's resident memory`,
      );
    }
  }
  console.log("\nThe machine is shared with other sessions: figures vary from run to run.");
} finally {
  await rm(runDir, { recursive: true, force: true });
}
