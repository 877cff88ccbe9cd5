// Streams one of the three growth CSV files (contractors, revenue, activities) into validated rows and rejected
// lines with their reason, one record at a time: a file of millions of rows is never held in memory.
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type Info, parse } from "csv-parse";
import { z } from "zod";
import { growthActivityKinds } from "@playbook/db/schema";
import { AppError } from "../errors";
import { tierOfLabel, type TierLadder } from "./tier-ladder";

export const growthFileKinds = ["contractors", "revenue", "activities"] as const;
export type GrowthFileKind = (typeof growthFileKinds)[number];

/** A file that cannot be read at all (no header, a required column missing): nothing of it is imported. */
export class GrowthCsvError extends AppError {
  override name = "GrowthCsvError";
  constructor(message: string) {
    super("BAD_REQUEST", message);
  }
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional());
const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.iso.date("must be a date as YYYY-MM-DD");
const contractorId = z.preprocess(
  blankToUndefined,
  z.string({ error: "contractor_id is required" }).trim().min(1).max(100),
);

const ZContractorRow = z.object({
  contractor_id: contractorId,
  name: optional(text(200)),
  joined_at: optional(isoDate),
  team_size: optional(z.coerce.number().int("must be a whole number").min(0).max(1_000_000)),
  stage: optional(text(100)),
  focus_areas: optional(z.string()).transform((v) =>
    [
      ...new Set(
        (v ?? "")
          .split(";")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ].slice(0, 50),
  ),
  region: optional(text(100)),
});

const ZRevenueRow = z
  .object({
    contractor_id: contractorId,
    as_of: z.preprocess(blankToUndefined, isoDate),
    revenue: optional(z.coerce.number().finite().min(0, "must not be negative")),
    tier: optional(text(40)),
  })
  .refine((r) => r.revenue !== undefined || r.tier !== undefined, {
    message: "needs a revenue or a tier",
  });

const ZActivityRow = z.object({
  contractor_id: contractorId,
  occurred_at: z.preprocess(blankToUndefined, isoDate),
  kind: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z.enum(growthActivityKinds, { error: `must be one of ${growthActivityKinds.join(", ")}` }),
  ),
  name: z.preprocess(blankToUndefined, z.string({ error: "name is required" }).trim().max(200)),
  rating: optional(z.coerce.number().int("must be a whole number 1-5").min(1).max(5)),
});

export type ContractorRow = z.output<typeof ZContractorRow>;
export type RevenueRow = z.output<typeof ZRevenueRow>;
export type ActivityRow = z.output<typeof ZActivityRow>;

const schemas = { contractors: ZContractorRow, revenue: ZRevenueRow, activities: ZActivityRow };
export const growthColumns: Record<GrowthFileKind, { required: string[]; optional: string[] }> = {
  contractors: {
    required: ["contractor_id"],
    optional: ["name", "joined_at", "team_size", "stage", "focus_areas", "region"],
  },
  revenue: { required: ["contractor_id", "as_of"], optional: ["revenue", "tier"] },
  activities: {
    required: ["contractor_id", "occurred_at", "kind", "name"],
    optional: ["rating"],
  },
};

export type GrowthRecord<R> = { line: number; row: R } | { line: number; reason: string };

type RowOf<K extends GrowthFileKind> = K extends "contractors"
  ? ContractorRow
  : K extends "revenue"
    ? RevenueRow
    : ActivityRow;

const normalizeHeader = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_");

/** Yields one result per record in file order; throws GrowthCsvError first when the header is unusable. */
export async function* readGrowthCsv<K extends GrowthFileKind>(
  kind: K,
  input: Readable | AsyncIterable<Uint8Array | string>,
  ladder: TierLadder,
): AsyncGenerator<GrowthRecord<RowOf<K>>> {
  const parser = parse({
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: 100_000,
  });
  const piping = pipeline(input, parser);
  piping.catch(() => undefined);
  let header: string[] | undefined;
  const schema = schemas[kind] as unknown as z.ZodType<RowOf<K>>;
  for await (const item of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    const line = item.info.lines;
    if (!header) {
      header = item.record.map(normalizeHeader);
      const missing = growthColumns[kind].required.filter((c) => !header!.includes(c));
      if (missing.length > 0) {
        throw new GrowthCsvError(
          `${kind}.csv: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (header: ${item.record.join(",")})`,
        );
      }
      continue;
    }
    if (item.record.length !== header.length) {
      yield {
        line,
        reason: `has ${item.record.length} fields, the header has ${header.length}`,
      };
      continue;
    }
    const raw = Object.fromEntries(header.map((name, i) => [name, item.record[i]]));
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      yield {
        line,
        reason: parsed.error.issues
          .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
          .join("; "),
      };
      continue;
    }
    const row = parsed.data;
    if (kind === "revenue") {
      const tier = (row as RevenueRow).tier;
      if (tier !== undefined && tierOfLabel(ladder, tier) < 0) {
        yield {
          line,
          reason: `tier "${tier}" is not on the ladder (${ladder.map((t) => t.label).join(", ")})`,
        };
        continue;
      }
    }
    yield { line, row };
  }
  if (!header) throw new GrowthCsvError(`${kind}.csv is empty: it needs a header line`);
}
