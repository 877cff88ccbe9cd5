// Managing the pattern library: one verb per file, each mutation audited in its own transaction.
export * from "./adjust-confidence";
export * from "./bulk-update-patterns";
export * from "./create-pattern";
export * from "./draft-pattern";
export * from "./export-patterns";
export * from "./get-pattern";
export * from "./import-patterns";
export * from "./list-patterns";
export * from "./pattern-export-format";
export * from "./pattern-fields";
export * from "./preview-pattern";
export * from "./rollback-pattern";
export * from "./set-pattern-state";
export * from "./template-placeholders";
export * from "./undo-bulk-operation";
export * from "./update-pattern";
export * from "./merge-patterns";
