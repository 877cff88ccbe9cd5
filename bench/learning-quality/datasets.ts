// Reads the labelled public datasets in ../shared/data (beside the repository) as questions with their right reply.
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { repoRoot } from "../history/playbook-cli";
import { banking77Replies } from "./banking77-replies";

export const datasetNames = ["banking77", "bitext"] as const;
export type DatasetName = (typeof datasetNames)[number];

export interface LabeledExample {
  /** The customer's message. */
  text: string;
  intent: string;
  /** What an operator answers to this intent. */
  reply: string;
}

export const sharedDataDir = resolve(repoRoot, "../shared/data");

async function readCsv<T>(path: string, schema: z.ZodType<T>): Promise<T[]> {
  const records = parse<unknown>(await readFile(path, "utf8"), { columns: true });
  return records.map((record, index) => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) throw new Error(`${path}, record ${index + 1}: ${parsed.error.message}`);
    return parsed.data;
  });
}

const ZBanking77Row = z.object({ text: z.string().trim().min(1), category: z.string().min(1) });

/** BANKING77's training part; each category answered with its reply from banking77Replies. */
export async function loadBanking77(
  dir = join(sharedDataDir, "banking77-train"),
): Promise<LabeledExample[]> {
  const categories = z
    .array(z.string())
    .parse(JSON.parse(await readFile(join(dir, "categories.json"), "utf8")));
  const unanswered = categories.filter((category) => banking77Replies[category] === undefined);
  if (unanswered.length > 0) throw new Error(`no reply for ${unanswered.join(", ")}`);
  const rows = await readCsv(join(dir, "train.csv"), ZBanking77Row);
  return rows.map((row) => {
    const reply = banking77Replies[row.category];
    if (reply === undefined) throw new Error(`train.csv: unknown category ${row.category}`);
    return { text: row.text, intent: row.category, reply };
  });
}

const ZBitextRow = z.object({
  instruction: z.string().trim().min(1),
  intent: z.string().min(1),
  response: z.string().trim().min(1),
});

/** Bitext's canned-response sample: the instruction is the question, the response the reply. */
export async function loadBitext(
  dir = join(sharedDataDir, "bitext-canned"),
): Promise<LabeledExample[]> {
  const rows = await readCsv(
    join(dir, "Bitext_Sample_Customer_Support_Training_Dataset.csv"),
    ZBitextRow,
  );
  return rows.map((row) => ({ text: row.instruction, intent: row.intent, reply: row.response }));
}

export function loadDataset(name: DatasetName): Promise<LabeledExample[]> {
  switch (name) {
    case "banking77":
      return loadBanking77();
    case "bitext":
      return loadBitext();
  }
}
