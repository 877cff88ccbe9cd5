// Smart suggestions: what the worker noticed for the admin, and applying or dismissing it.
export * from "./find-suggestions";
export * from "./refresh-suggestions";
export * from "./resolve-suggestion";
export * from "./weekly-jump";
