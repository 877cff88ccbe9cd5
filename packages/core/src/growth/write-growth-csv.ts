// Writes rows in the growth import formats (for the synthetic generator, converters and tests).
import { stringify } from "csv-stringify/sync";
import { growthColumns, type GrowthFileKind } from "./read-growth-csv";

export function growthCsv(
  kind: GrowthFileKind,
  rows: readonly Record<string, string | number | null | undefined>[],
  opts: { header?: boolean } = {},
): string {
  const columns = [...growthColumns[kind].required, ...growthColumns[kind].optional];
  return stringify(
    rows.map((row) => columns.map((c) => row[c] ?? "")),
    opts.header === false ? {} : { header: true, columns },
  );
}
