// Converts the UCI Online Retail data (../shared/data/online-retail-uci, see its SOURCE.md) into the three growth
// files: each customer is a business; revenue is its average monthly spend over the last three months × 12, as of the first
// day of each month from the first purchase to November 2011 (December 2011 is partial); an "activity" is the
// first month a business bought a product keyword (the description's last word) that at least 50 businesses buy.
//
//   npx tsx bench/growth/online-retail.ts OUT_DIR [--source path/to/onlineretail.csv.gz]
import { createReadStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createGunzip } from "node:zlib";
import { parse } from "csv-parse";
import { growthCsv, type TierLadder } from "@playbook/core";

export const defaultOnlineRetailSource = path.resolve(
  import.meta.dirname,
  "../../../shared/data/online-retail-uci/onlineretail.csv.gz",
);

/** A ladder for small businesses' annualised spend (GBP), set before importing the converted files. */
export const onlineRetailLadder: TierLadder = [
  { label: "0-1k", minRevenue: 0 },
  { label: "1k-2.5k", minRevenue: 1_000 },
  { label: "2.5k-5k", minRevenue: 2_500 },
  { label: "5k-10k", minRevenue: 5_000 },
  { label: "10k-25k", minRevenue: 10_000 },
  { label: "25k+", minRevenue: 25_000 },
];

const LAST_MONTH = "2011-11";
const MIN_BUSINESSES_PER_KEYWORD = 50;

export async function convertOnlineRetail(source: string, outDir: string) {
  const spend = new Map<string, Map<string, number>>(); // customer → month → spend
  const firstBought = new Map<string, Map<string, string>>(); // keyword → customer → first month
  const parser = parse({ columns: true, bom: true });
  const reading = pipeline(createReadStream(source), createGunzip(), parser);
  let lines = 0;
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    lines++;
    const customer = row.CustomerID?.trim();
    if (!customer) continue;
    const month = row.InvoiceDate!.slice(0, 7);
    if (month > LAST_MONTH) continue;
    const amount = Number(row.Quantity) * Number(row.UnitPrice);
    if (!Number.isFinite(amount)) continue;
    const months = spend.get(customer) ?? new Map<string, number>();
    months.set(month, (months.get(month) ?? 0) + amount);
    spend.set(customer, months);
    if (Number(row.Quantity) > 0) {
      const keyword = (row.Description ?? "").trim().split(/\s+/).pop()?.toUpperCase();
      if (keyword && /^[A-Z]{3,}$/.test(keyword)) {
        const buyers = firstBought.get(keyword) ?? new Map<string, string>();
        const known = buyers.get(customer);
        if (!known || month < known) buyers.set(customer, month);
        firstBought.set(keyword, buyers);
      }
    }
  }
  await reading;

  const allMonths: string[] = [];
  for (let d = new Date(Date.UTC(2010, 11, 1)); ; d.setUTCMonth(d.getUTCMonth() + 1)) {
    const m = d.toISOString().slice(0, 7);
    if (m > LAST_MONTH) break;
    allMonths.push(m);
  }
  const contractors: Record<string, string>[] = [];
  const revenue: Record<string, string | number>[] = [];
  for (const [customer, months] of spend) {
    const first = [...months.keys()].sort()[0]!;
    contractors.push({ contractor_id: customer, joined_at: `${first}-01` });
    const start = allMonths.indexOf(first);
    for (let i = start; i < allMonths.length; i++) {
      const window = allMonths.slice(Math.max(start, i - 2), i + 1);
      const total = window.reduce((sum, m) => sum + (months.get(m) ?? 0), 0);
      const annual = Math.max(0, (total / window.length) * 12);
      revenue.push({
        contractor_id: customer,
        as_of: `${allMonths[i]}-01`,
        revenue: Math.round(annual),
      });
    }
  }
  const activities: Record<string, string>[] = [];
  for (const [keyword, buyers] of firstBought) {
    if (buyers.size < MIN_BUSINESSES_PER_KEYWORD) continue;
    for (const [customer, month] of buyers) {
      if (!spend.has(customer)) continue;
      activities.push({
        contractor_id: customer,
        occurred_at: `${month}-01`,
        kind: "other",
        name: `first bought ${keyword.toLowerCase()}`,
      });
    }
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, "contractors.csv"), growthCsv("contractors", contractors));
  await writeFile(path.join(outDir, "revenue.csv"), growthCsv("revenue", revenue));
  await writeFile(path.join(outDir, "activities.csv"), growthCsv("activities", activities));
  return {
    lines,
    contractors: contractors.length,
    revenue: revenue.length,
    activities: activities.length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { source: { type: "string", default: defaultOnlineRetailSource } },
  });
  const out = positionals[0];
  if (!out) throw new Error("Usage: npx tsx bench/growth/online-retail.ts OUT_DIR [--source FILE]");
  const started = Date.now();
  const counts = await convertOnlineRetail(values.source, path.resolve(out));
  process.stdout.write(
    `Converted ${counts.lines} invoice lines in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `${counts.contractors} businesses, ${counts.revenue} revenue observations, ${counts.activities} activities\n` +
      `Set the ladder before importing: ${JSON.stringify(onlineRetailLadder)}\n`,
  );
}
