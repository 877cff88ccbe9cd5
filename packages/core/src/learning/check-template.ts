// The one check every reply template passes, wherever it comes from: written by hand, learned from a webhook or
// an imported history, or read by an LLM. Only Playbook's own variable names may be placeholders.
import type { z } from "zod";

/** Template variables Playbook knows how to name. `{{name}}` in a template refers to one of these. */
export const templateVariables = [
  "customer_name",
  "bay_number",
  "time",
  "date",
  "location",
  "code",
  "amount",
  "phone",
  "email",
  "card_number",
  "url",
] as const;
export type TemplateVariable = (typeof templateVariables)[number];

const known: ReadonlySet<string> = new Set(templateVariables);
// Anything between double braces, so a misspelt or malformed placeholder is caught rather than sent verbatim.
const placeholder = /\{\{([^{}]*)\}\}/g;

export interface ParsedTemplate {
  /** The template with every placeholder written `{{name}}`, the form the renderer fills. */
  template: string;
  /** Variables used, once each, in order of first appearance. */
  variables: TemplateVariable[];
}

/**
 * Checks a template and writes its placeholders one way: an unknown name (`{{first_name}}`, `{{__proto__}}`) or
 * stray braces would reach a customer as literal text, or name something that is not a value. `{{ time }}` is
 * accepted and written `{{time}}`.
 */
export function checkReplyTemplate(
  template: string,
): { ok: true; parsed: ParsedTemplate } | { ok: false; reason: string } {
  const variables: TemplateVariable[] = [];
  const unknown: string[] = [];
  const canonical = template.replace(placeholder, (whole, inner: string) => {
    const name = inner.trim();
    if (!known.has(name)) {
      if (!unknown.includes(whole)) unknown.push(whole);
      return whole;
    }
    const variable = name as TemplateVariable;
    if (!variables.includes(variable)) variables.push(variable);
    return `{{${variable}}}`;
  });
  if (unknown.length > 0) {
    return {
      ok: false,
      reason: `Unknown template variable ${unknown.join(", ")}; known variables: ${templateVariables.join(", ")}`,
    };
  }
  const rest = template.replace(placeholder, "");
  if (rest.includes("{{") || rest.includes("}}")) {
    return {
      ok: false,
      reason: "The template has unmatched {{ or }}; write variables as {{name}}",
    };
  }
  return { ok: true, parsed: { template: canonical, variables } };
}

/** `schema` with the template check added, for zod schemas of template text (patterns, greeting, sign-off). */
export function checkedTemplateText(schema: z.ZodString) {
  return schema.superRefine((text, ctx) => {
    const checked = checkReplyTemplate(text);
    if (!checked.ok) ctx.addIssue({ code: "custom", message: checked.reason });
  });
}
