// Growth patterns: contractor history in, cohort statistics out.
export * from "./tier-ladder";
export * from "./growth-settings";
export * from "./read-growth-csv";
export * from "./import-growth";
export * from "./refresh-growth";
export * from "./growth-queries";
export * from "./mine-growth";
export * from "./growth-dataset";
export * from "./synthetic-growth";
export * from "./evidence-confidence";
export * from "./tier-spells";
export * from "./write-growth-csv";
