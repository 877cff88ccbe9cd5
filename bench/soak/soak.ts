// A soak under faults (issue 10): signed webhooks from many customers, with redeliveries, forgeries and STOP/START,
// against the API and the worker as separate processes on a fresh PostgreSQL database, while the database
// connections are cut and restored (a TCP proxy) and the API and worker are killed with SIGKILL and restarted.
// Prints the table of counts; every harm must be 0. Loopback only; bounded in count and time.
//
//   npx tsx bench/soak/soak.ts [--webhooks 20000] [--rate 200] [--customers 300] [--faults 6]
//
// SOAK_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres) names the server.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { createFreshDatabase } from "../history/fresh-database";
import { startFakeOpenPhoneServer } from "@playbook/core/testing";
import { createDb, runMigrations } from "@playbook/db";
import { startTcpProxy } from "@playbook/db/testing";
import { seedBusiness } from "./soak-seed";
import { SoakCluster } from "./soak-cluster";
import { WebhookLoad } from "./soak-load";
import { countHarm, formatTable, installDecisionClock, type SoakReport } from "./soak-report";

// A send cut off by a kill holds its customer's later messages until fail-interrupted-sends (every minute, after a
// two-minute grace) marks it failed: a backlog that stopped moving for less than that is waiting, not stuck.
const STALL_MS = 3.5 * 60_000;

export interface SoakOptions {
  webhooks: number;
  rate: number;
  customers: number;
  /** Faults spread over the run, in turn: a database cut, an API kill, a worker kill, ... */
  faults: number;
  serverUrl: string;
  log?: (line: string) => void;
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const fresh = await createFreshDatabase(opts.serverUrl, "playbook_soak");
  const dbUrl = fresh.env.DATABASE_URL!;
  const direct = await createDb({ databaseUrl: dbUrl, poolSize: 4 });
  const proxy = await startTcpProxy(dbUrl);
  const openPhone = await startFakeOpenPhoneServer({ apiKey: "op-soak-key" });
  const secret = randomBytes(32).toString("base64");
  let cluster: SoakCluster | null = null;
  try {
    await runMigrations(direct);
    await installDecisionClock(direct);
    await seedBusiness(direct, secret);
    cluster = new SoakCluster({
      DATABASE_URL: proxy.url,
      OPENPHONE_WEBHOOK_SECRET: secret,
      OPENPHONE_API_KEY: "op-soak-key",
      OPENPHONE_API_URL: openPhone.url,
      OPENPHONE_FROM: "+19025550000",
      LOG_LEVEL: "error",
    });
    await cluster.start();
    const load = new WebhookLoad({ ...opts, secret, url: () => cluster!.apiUrl });
    const faultAt = Array.from({ length: opts.faults }, (_, i) =>
      Math.round(((i + 1) * opts.webhooks) / (opts.faults + 1)),
    );
    let faultsDone = 0;
    const faults: Promise<void>[] = [];
    const started = Date.now();
    await load.run((sent) => {
      if (faultsDone < faultAt.length && sent >= faultAt[faultsDone]!) {
        const kind = (["cut", "kill-api", "kill-worker"] as const)[faultsDone % 3]!;
        faultsDone += 1;
        log(`fault ${faultsDone}: ${kind} after ${sent} webhooks`);
        faults.push(
          kind === "cut"
            ? (async () => {
                proxy.cut();
                await new Promise((r) => setTimeout(r, 2_000));
                proxy.restore();
              })()
            : cluster!.killAndRestart(kind === "kill-api" ? "api" : "worker"),
        );
      }
    });
    await Promise.all(faults);
    log(`sent in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for the backlog`);
    await cluster.waitForBacklog(direct, STALL_MS, 20 * 60_000);
    await cluster.stop();
    cluster = null;
    const report = await countHarm(direct, load, openPhone.sent);
    report.maxBacklogSeconds = load.maxBacklogSeconds;
    return report;
  } finally {
    await cluster?.stop();
    await openPhone.close();
    await proxy.close();
    await direct.close();
    await fresh.drop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      webhooks: { type: "string", default: "20000" },
      rate: { type: "string", default: "200" },
      customers: { type: "string", default: "300" },
      faults: { type: "string", default: "6" },
    },
  });
  const report = await runSoak({
    webhooks: Number(values.webhooks),
    rate: Number(values.rate),
    customers: Number(values.customers),
    faults: Number(values.faults),
    serverUrl:
      process.env.SOAK_DATABASE_URL ??
      process.env.TEST_DATABASE_URL ??
      "postgres://postgres@127.0.0.1:5432/postgres",
  });
  process.stdout.write(`${formatTable(report)}\n`);
  process.exitCode = report.harm > 0 ? 1 : 0;
}
