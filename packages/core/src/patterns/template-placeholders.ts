// Checks the `{{variable}}` placeholders of a reply template written by hand and writes them one way.
import { templateVariables, type TemplateVariable } from "../learning/extracted-pattern";
import { badRequest } from "../errors";

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
 * Checks a template and writes its placeholders one way: an unknown name (`{{first_name}}`) or stray braces would
 * reach a customer as literal text. `{{ time }}` is accepted and written `{{time}}`.
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

/** `checkReplyTemplate` for requests: a bad template is a BAD_REQUEST. */
export function parseReplyTemplate(template: string): ParsedTemplate {
  const checked = checkReplyTemplate(template);
  if (!checked.ok) throw badRequest(checked.reason);
  return checked.parsed;
}
