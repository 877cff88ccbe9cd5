// The JSON file patterns travel in between installations: a format name and version, and each pattern with its
// versions and examples, personal data masked. Read back with these schemas, so a malformed file is refused whole.
import { z } from "zod";
import { patternOrigins, patternTypes } from "@playbook/db/schema";
import { checkedTemplateText } from "../learning/check-template";
import { ZPatternAction } from "../learning/extracted-pattern";
import { patternFieldSchemas } from "./pattern-fields";

export const PATTERN_EXPORT_FORMAT = "playbook.patterns";
export const PATTERN_EXPORT_VERSION = 1;
/** Most patterns one file holds. */
export const PATTERN_EXPORT_MAX = 10_000;

const template = checkedTemplateText(z.string().trim().min(1).max(1600));

const ZExportedSnapshot = z.object({
  type: z.enum(patternTypes),
  triggerText: patternFieldSchemas.triggerText,
  triggerKeywords: z.array(z.string().min(1).max(60)).max(12),
  responseTemplate: template,
  variables: z.array(z.string().max(60)).max(20),
  actionTemplate: ZPatternAction.nullable(),
  tags: patternFieldSchemas.tags,
  notes: z.string().max(2000).nullable(),
});

export const ZExportedPattern = ZExportedSnapshot.extend({
  /** Stable across installations: the pattern's id where it was first made (see patterns.import_key). */
  key: z.string().min(1).max(200),
  variableDefaults: z.record(z.string().max(60), z.string().max(1600)),
  confidence: z.number().min(0).max(1),
  version: z.number().int().min(1),
  versions: z
    .array(
      z.object({
        version: z.number().int().min(1),
        snapshot: ZExportedSnapshot,
        changeReason: z.string().max(1000).nullable(),
        createdAt: z.iso.datetime(),
      }),
    )
    .max(1000)
    .refine((versions) => new Set(versions.map((v) => v.version)).size === versions.length, {
      message: "Version numbers repeat",
    }),
  examples: z
    .array(
      z.object({
        customerText: z.string().max(20_000),
        replyText: z.string().max(20_000),
        source: z.enum(patternOrigins),
        isGoldStandard: z.boolean(),
        qualityScore: z.number().min(0).max(1).nullable(),
      }),
    )
    .max(5_000),
});
export type ExportedPattern = z.infer<typeof ZExportedPattern>;

export const ZPatternExport = z.object({
  format: z.literal(PATTERN_EXPORT_FORMAT),
  formatVersion: z.literal(PATTERN_EXPORT_VERSION),
  exportedAt: z.iso.datetime(),
  patterns: z
    .array(ZExportedPattern)
    .max(PATTERN_EXPORT_MAX)
    .refine((patterns) => new Set(patterns.map((p) => p.key)).size === patterns.length, {
      message: "Pattern keys repeat",
    }),
});
export type PatternExport = z.infer<typeof ZPatternExport>;
export type TPatternExport = z.input<typeof ZPatternExport>;
