// Fills a reply template's `{{variables}}`; what cannot be filled is reported so an auto-send gate can refuse.

export type RenderedTemplate = {
  text: string;
  /** Placeholder names with no value, once each, in order of first appearance. The text still holds them. */
  missing: string[];
};

const PLACEHOLDER = /\{\{\s{0,3}([a-zA-Z0-9_]{1,60})\s{0,3}\}\}/g;

/**
 * Replaces each `{{name}}` (spaces inside the braces tolerated) with `values[name]`. A value that is absent,
 * not a string, or blank counts as missing: "Your door code is ." must never be sent. Values are inserted in one
 * pass, so a value that itself contains `{{...}}` is not expanded again.
 */
export function renderTemplate(
  template: string,
  values: Partial<Record<string, string>>,
): RenderedTemplate {
  const missing = new Set<string>();
  const text = template.replace(PLACEHOLDER, (placeholder, name: string) => {
    // Own properties only: "{{constructor}}" must not pick up Object.prototype.constructor.
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (typeof value !== "string" || value.trim() === "") {
      missing.add(name);
      return placeholder;
    }
    return value;
  });
  return { text, missing: [...missing] };
}
