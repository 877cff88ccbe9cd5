// Imports an exported pattern file: every pattern new to this installation is added inactive, with its versions
// and examples, in one transaction. The exported key is kept (patterns.import_key), so the same file imported
// twice adds nothing the second time; a malformed file is refused whole.
import { inArray, or } from "drizzle-orm";
import type { Db, Tx } from "@playbook/db";
import { patternExamples, patterns, patternVersions } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { textSignature } from "../text/normalize-text";
import { parseRequest } from "./parse-request";
import { ZPatternExport, type ExportedPattern, type TPatternExport } from "./pattern-export-format";
import { sameSnapshot, snapshotOf, withCheckedTemplate } from "./pattern-fields";

export { ZPatternExport as ZImportPatternsRequest };

export interface ImportPatternsResult {
  /** Patterns in the file. */
  total: number;
  created: number;
  /** Already here (imported before, or made here in the first place). */
  skipped: number;
  createdIds: string[];
}

// Neutral, as for a hand-written pattern: another business's track record says nothing about this one's.
const IMPORTED_CONFIDENCE = 0.5;
// Rows per INSERT: well under PostgreSQL's 65,535 parameters for every table here.
const ROWS_PER_INSERT = 500;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await insert(rows.slice(start, start + ROWS_PER_INSERT));
  }
}

export async function importPatterns(
  db: Db,
  request: TPatternExport,
  actor: Actor,
): Promise<ImportPatternsResult> {
  const file = parseRequest(ZPatternExport, request);
  return db.transaction(async (tx) => {
    const fresh = await newPatterns(tx, file.patterns);
    const createdIds: string[] = [];
    await insertInChunks(fresh, async (chunk) => {
      const prepared = chunk.map((pattern) => {
        const snapshot = withCheckedTemplate(snapshotOf(pattern));
        const versions = pattern.versions
          .map((v) => ({ ...v, snapshot: withCheckedTemplate(v.snapshot) }))
          .sort((a, b) => a.version - b.version);
        const last = versions.at(-1);
        // The current content is a version of its own unless the file's last version already holds it.
        if (!last || !sameSnapshot(last.snapshot, snapshot)) {
          versions.push({
            version: (last?.version ?? 0) + 1,
            snapshot,
            changeReason: "Imported",
            createdAt: new Date().toISOString(),
          });
        }
        return { pattern, snapshot, versions };
      });
      const inserted = await tx
        .insert(patterns)
        .values(
          prepared.map(({ pattern, snapshot, versions }) => ({
            ...snapshot,
            signature: textSignature(snapshot.triggerText),
            responseSignature: textSignature(snapshot.responseTemplate),
            variableDefaults: pattern.variableDefaults,
            confidence: IMPORTED_CONFIDENCE,
            isActive: false,
            autoExecutable: false,
            createdFrom: "imported" as const,
            version: versions.at(-1)!.version,
            createdBy: actor.userId,
            importKey: pattern.key,
          })),
        )
        // Another import of the same file at the same moment: whichever commits first adds the pattern.
        .onConflictDoNothing({ target: patterns.importKey })
        .returning({ id: patterns.id, importKey: patterns.importKey });
      const idByKey = new Map(inserted.map((row) => [row.importKey!, row.id]));
      const kept = prepared.filter(({ pattern }) => idByKey.has(pattern.key));
      createdIds.push(...kept.map(({ pattern }) => idByKey.get(pattern.key)!));
      await insertInChunks(
        kept.flatMap(({ pattern, versions }) =>
          versions.map((v) => ({
            patternId: idByKey.get(pattern.key)!,
            version: v.version,
            snapshot: v.snapshot,
            changeReason: v.changeReason,
            createdBy: actor.userId,
            createdAt: new Date(v.createdAt),
          })),
        ),
        (rows) => tx.insert(patternVersions).values(rows),
      );
      await insertInChunks(
        kept.flatMap(({ pattern }) =>
          pattern.examples.map((example) => ({
            ...example,
            patternId: idByKey.get(pattern.key)!,
            source: "imported" as const,
          })),
        ),
        (rows) => tx.insert(patternExamples).values(rows),
      );
    });
    const result = {
      total: file.patterns.length,
      created: createdIds.length,
      skipped: file.patterns.length - createdIds.length,
      createdIds,
    };
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "pattern.import",
      targetType: "pattern",
      details: { ...result, exportedAt: file.exportedAt },
      ip: actor.ip,
    });
    return result;
  });
}

/** The file's patterns this installation does not hold yet, by import key or (made here) by id. */
async function newPatterns(tx: Tx, exported: ExportedPattern[]): Promise<ExportedPattern[]> {
  if (exported.length === 0) return [];
  const keys = exported.map((p) => p.key);
  const ids = keys.filter((key) => uuid.test(key));
  const known = await tx
    .select({ id: patterns.id, importKey: patterns.importKey })
    .from(patterns)
    .where(
      or(inArray(patterns.importKey, keys), ids.length ? inArray(patterns.id, ids) : undefined),
    );
  const seen = new Set(known.flatMap((row) => [row.id, row.importKey ?? ""]));
  return exported.filter((p) => !seen.has(p.key));
}
