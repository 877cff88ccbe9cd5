// `{{name}}` placeholders in a reply: found the same way by the server and by the dashboard (before it sends),
// so this module stays free of Node-only imports.
export const PLACEHOLDER = /\{\{\s{0,3}([a-zA-Z0-9_]{1,60})\s{0,3}\}\}/g;

/** Names of the `{{name}}` placeholders in a template, once each, in order of first appearance. */
export function templateVariablesIn(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) names.add(m[1] ?? "");
  return [...names];
}
