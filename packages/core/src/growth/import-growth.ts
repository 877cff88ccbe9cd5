// Imports the three growth files into the database: contractors first (so the others can name them), then
// revenue and activities. Rows are upserted by their natural keys, so a second import of the same files changes
// nothing and a later one adds what is new and updates what changed. Every rejected line is stored with its reason.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@playbook/db";
import {
  growthActivities,
  growthContractors,
  growthImportRejections,
  growthImports,
  growthRevenue,
} from "@playbook/db/schema";
import { badRequest } from "../errors";
import type { Logger } from "../logger";
import { getGrowthSettings } from "./growth-settings";
import {
  growthFileKinds,
  readGrowthCsv,
  type ActivityRow,
  type ContractorRow,
  type GrowthFileKind,
  type RevenueRow,
} from "./read-growth-csv";

const BATCH = 1000;

export interface GrowthImportRuntime {
  database: Database;
  logger: Logger;
}

export type GrowthImportSources = Partial<
  Record<GrowthFileKind, Readable | AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>>
>;

// An uploaded file arrives as a web stream (File.stream()); the CSV reader takes Node streams.
const asNodeStream = (
  input: Readable | AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>,
): Readable | AsyncIterable<Uint8Array | string> =>
  input instanceof ReadableStream
    ? Readable.fromWeb(input as Parameters<typeof Readable.fromWeb>[0])
    : input;

export interface GrowthImportResult {
  importId: string;
  status: "done" | "failed";
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  files: FileTally[];
  error: string | null;
}

interface FileTally {
  file: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  done: boolean;
}

/** The files of a folder by their standard names; at least one must exist. */
export async function openGrowthFolder(dir: string): Promise<GrowthImportSources> {
  const sources: GrowthImportSources = {};
  for (const kind of growthFileKinds) {
    const file = path.join(dir, `${kind}.csv`);
    const exists = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (exists) sources[kind] = createReadStream(file);
  }
  if (Object.keys(sources).length === 0) {
    throw badRequest(`${dir} holds none of contractors.csv, revenue.csv, activities.csv`);
  }
  return sources;
}

export async function importGrowthFiles(
  runtime: GrowthImportRuntime,
  sources: GrowthImportSources,
  opts: {
    source: "cli" | "upload";
    createdBy?: string | null;
    onProgress?: (t: FileTally) => void;
  },
): Promise<GrowthImportResult> {
  const { db } = runtime.database;
  const [created] = await db
    .insert(growthImports)
    .values({ source: opts.source, createdBy: opts.createdBy ?? null })
    .returning({ id: growthImports.id });
  const importId = created!.id;
  const tallies: FileTally[] = [];
  let error: string | null = null;
  try {
    const { growthTierLadder: ladder } = await getGrowthSettings(db);
    for (const kind of growthFileKinds) {
      const source = sources[kind];
      if (!source) continue;
      const input = asNodeStream(source);
      const tally: FileTally = {
        file: `${kind}.csv`,
        rowsRead: 0,
        rowsAccepted: 0,
        rowsRejected: 0,
        done: false,
      };
      tallies.push(tally);
      const known = kind === "contractors" ? null : await loadContractorIds(runtime.database);
      const seenIds = new Map<string, number>();
      let batch: unknown[] = [];
      let rejections: { line: number; reason: string }[] = [];
      const flush = async () => {
        await writeBatch(runtime.database, kind, batch);
        if (rejections.length > 0) {
          await db
            .insert(growthImportRejections)
            .values(rejections.map((r) => ({ importId, file: tally.file, ...r })))
            .onConflictDoNothing();
        }
        batch = [];
        rejections = [];
        await db.update(growthImports).set(totals(tallies)).where(eq(growthImports.id, importId));
        opts.onProgress?.(tally);
      };
      for await (const record of readGrowthCsv(kind, input, ladder)) {
        tally.rowsRead++;
        let reason = "reason" in record ? record.reason : null;
        if (!reason && "row" in record) {
          const id = (record.row as { contractor_id: string }).contractor_id;
          if (kind === "contractors") {
            const firstLine = seenIds.get(id);
            if (firstLine !== undefined)
              reason = `contractor_id "${id}" is already on line ${firstLine}`;
            else seenIds.set(id, record.line);
          } else if (!known!.has(id)) {
            reason = `contractor_id "${id}" is not in contractors.csv nor imported before`;
          }
        }
        if (reason) {
          tally.rowsRejected++;
          rejections.push({ line: record.line, reason });
        } else if ("row" in record) {
          tally.rowsAccepted++;
          batch.push(record.row);
        }
        if (batch.length + rejections.length >= BATCH) await flush();
      }
      await flush();
      tally.done = true;
    }
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
    runtime.logger.warn({ err: caught, importId }, "growth import failed");
  }
  const status = error ? "failed" : "done";
  await db
    .update(growthImports)
    .set({ ...totals(tallies), status, error, finishedAt: sql`now()` })
    .where(eq(growthImports.id, importId));
  return { importId, status, ...totals(tallies), error };
}

function totals(files: FileTally[]) {
  const sum = (key: "rowsRead" | "rowsAccepted" | "rowsRejected") =>
    files.reduce((n, f) => n + f[key], 0);
  return {
    files: files.map((f) => ({ ...f })),
    rowsRead: sum("rowsRead"),
    rowsAccepted: sum("rowsAccepted"),
    rowsRejected: sum("rowsRejected"),
  };
}

async function loadContractorIds(database: Database): Promise<Set<string>> {
  const rows = await database.db
    .select({ id: growthContractors.contractorId })
    .from(growthContractors);
  return new Set(rows.map((r) => r.id));
}

/** Upserts one batch; within a batch the last row for a key wins, as it would across batches. */
async function writeBatch(database: Database, kind: GrowthFileKind, rows: unknown[]) {
  if (rows.length === 0) return;
  const { db } = database;
  const lastByKey = <T>(list: T[], key: (row: T) => string) => [
    ...new Map(list.map((row) => [key(row), row])).values(),
  ];
  if (kind === "contractors") {
    const values = (rows as ContractorRow[]).map((r) => ({
      contractorId: r.contractor_id,
      name: r.name ?? null,
      joinedAt: r.joined_at ?? null,
      teamSize: r.team_size ?? null,
      stage: r.stage ?? null,
      focusAreas: r.focus_areas,
      region: r.region ?? null,
    }));
    await db
      .insert(growthContractors)
      .values(values)
      .onConflictDoUpdate({
        target: growthContractors.contractorId,
        // A blank field in a later file keeps what is known rather than erasing it.
        set: {
          ...keepUnlessGiven(["name", "joined_at", "team_size", "stage", "region"]),
          focusAreas: sql.raw(
            "case when cardinality(excluded.focus_areas) = 0 then growth_contractors.focus_areas else excluded.focus_areas end",
          ),
        },
      });
  } else if (kind === "revenue") {
    const values = lastByKey(rows as RevenueRow[], (r) => `${r.contractor_id}\u0000${r.as_of}`);
    await db
      .insert(growthRevenue)
      .values(
        values.map((r) => ({
          contractorId: r.contractor_id,
          asOf: r.as_of,
          revenue: r.revenue ?? null,
          tier: r.tier ?? null,
        })),
      )
      .onConflictDoUpdate({
        target: [growthRevenue.contractorId, growthRevenue.asOf],
        set: excludedSet(["revenue", "tier"]),
      });
  } else {
    const values = lastByKey(
      rows as ActivityRow[],
      (r) => `${r.contractor_id}\u0000${r.kind}\u0000${r.name}\u0000${r.occurred_at}`,
    );
    await db
      .insert(growthActivities)
      .values(
        values.map((r) => ({
          contractorId: r.contractor_id,
          occurredAt: r.occurred_at,
          kind: r.kind,
          name: r.name,
          rating: r.rating ?? null,
        })),
      )
      .onConflictDoUpdate({
        target: [
          growthActivities.contractorId,
          growthActivities.kind,
          growthActivities.name,
          growthActivities.occurredAt,
        ],
        set: excludedSet(["rating"]),
      });
  }
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());

/** `set column = coalesce(excluded.column, growth_contractors.column)`. */
function keepUnlessGiven(columns: string[]) {
  return Object.fromEntries(
    columns.map((c) => [camel(c), sql.raw(`coalesce(excluded.${c}, growth_contractors.${c})`)]),
  );
}

/** `set column = excluded.column` for each (snake_case) column: the incoming row's values. */
function excludedSet(columns: string[]) {
  return Object.fromEntries(columns.map((c) => [camel(c), sql.raw(`excluded.${c}`)]));
}
