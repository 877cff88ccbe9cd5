export * from "./audit";
export * from "./auth";
export * from "./config";
export * from "./conversations";
export * from "./decisions";
export * from "./jobs";
export * from "./patterns";
