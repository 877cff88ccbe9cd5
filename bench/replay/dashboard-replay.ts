// A replay started from the dashboard, end to end through the API: the built all-in-one server (as `npm start`
// runs it, embedded database), signed in as the admin over HTTP, learns from a synthetic history uploaded to the
// Import page's procedure, then replays N later messages of the same venue uploaded to replays.startFromUpload,
// polled through replays.get until done. Prints the wall time from the upload to "done" and messages per second.
//
//   npm run build && npx tsx bench/replay/dashboard-replay.ts [--rows 100000] [--learn-rows 10000] [--seed 1]
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createTRPCClient, httpLink } from "@trpc/client";
import { z } from "zod";
import type { AppRouter } from "@playbook/api/router";
import { startPlaybookServer } from "../../apps/web/e2e/playbook-server";
import { writeLearnAndReplayHistories } from "../history/synthetic-history";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    "learn-rows": { type: "string", default: "10000" },
    seed: { type: "string", default: "1" },
  },
});
const options = z
  .object({
    rows: z.coerce.number().int().positive(),
    learnRows: z.coerce.number().int().positive(),
    seed: z.coerce.number().int(),
  })
  .parse({ ...values, learnRows: values["learn-rows"] });
const admin = { email: "admin@example.com", password: "bench-correct-horse-battery-staple" };
const POLL_MS = 500;

/** A tRPC client holding the admin's session cookie and CSRF token, as the dashboard does. */
async function signIn(url: string) {
  let cookie = "";
  let csrf = "";
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${url}/trpc`,
        headers: () => ({ cookie, "x-csrf-token": csrf, origin: url }),
        fetch: async (input: string | URL | Request, init?: RequestInit) => {
          const response = await fetch(input, init);
          const set = response.headers.get("set-cookie");
          if (set) cookie = set.split(";")[0]!;
          return response;
        },
      }),
    ],
  });
  const session = await client.auth.login.mutate(admin);
  csrf = session.csrfToken;
  return client;
}

function csvForm(fields: Record<string, string>, name: string, body: Buffer): FormData {
  const form = new FormData();
  form.set("file", new File([body], name, { type: "text/csv" }));
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return form;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dir = await mkdtemp(join(tmpdir(), "playbook-dashboard-replay-"));
const server = await startPlaybookServer(admin);
try {
  const customers = Math.max(100, Math.round((options.rows + options.learnRows) / 50));
  const learnFile = join(dir, "learn.csv");
  const replayFile = join(dir, "replay.csv");
  await writeLearnAndReplayHistories(
    { learn: learnFile, replay: replayFile },
    { learnRows: options.learnRows, rows: options.rows, customers, seed: options.seed },
  );
  const client = await signIn(server.url);

  const learnStarted = performance.now();
  const { importId } = await client.imports.upload.mutate(
    csvForm({}, "learn.csv", await readFile(learnFile)),
  );
  for (;;) {
    const run = await client.imports.get.query({ id: importId });
    if (run.status === "failed") throw new Error(`the learning import failed: ${run.error}`);
    if (run.status === "done") {
      console.log(
        `learned from ${options.learnRows.toLocaleString()} rows in ${((performance.now() - learnStarted) / 1000).toFixed(1)} s: ${run.patternsCreated} patterns`,
      );
      break;
    }
    await sleep(POLL_MS);
  }

  const body = await readFile(replayFile);
  const started = performance.now();
  const { id } = await client.replays.startFromUpload.mutate(
    csvForm({ policy: "what-if", requestKey: crypto.randomUUID() }, "replay.csv", body),
  );
  const uploadedMs = performance.now() - started;
  let lastPhase = "";
  for (;;) {
    const run = await client.replays.get.query({ id });
    if (run.phase && run.phase !== lastPhase) {
      lastPhase = run.phase;
      console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s: ${run.phase}`);
    }
    if (run.status === "failed" || run.status === "cancelled") {
      throw new Error(`the replay ${run.status}: ${run.error}`);
    }
    if (run.status === "done") {
      const seconds = (performance.now() - started) / 1000;
      const summary = run.summary!;
      const page = await client.replays.results.query({ runId: id, limit: 200 });
      console.log(
        [
          `replay of ${options.rows.toLocaleString()} messages (${(body.length / 1e6).toFixed(1)} MB) started from the API:`,
          `  upload answered in ${(uploadedMs / 1000).toFixed(1)} s`,
          `  wall time to done ${seconds.toFixed(1)} s: ${Math.round(options.rows / seconds).toLocaleString()} messages/s`,
          `  engine alone (summary) ${summary.seconds.toFixed(1)} s: ${Math.round(summary.messagesPerSecond).toLocaleString()} messages/s`,
          `  answered customer messages stored ${run.resultsStored.toLocaleString()}; first page of 200 results read`,
          `  (${page.items.length} rows, next after ${page.nextAfterSeq})`,
          `  decisions ${JSON.stringify(summary.decisions)}`,
          `  curve points ${run.curve.length}; server peak RSS ${summary.peakRssMb} MB`,
        ].join("\n"),
      );
      break;
    }
    await sleep(POLL_MS);
  }
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
