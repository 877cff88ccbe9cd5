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
 * Throws BAD_REQUEST for an unknown name (`{{first_name}}`) or stray braces: either would reach a customer as
 * literal text. `{{ time }}` is accepted and stored as `{{time}}`.
 */
export function parseReplyTemplate(template: string): ParsedTemplate {
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
    throw badRequest(
      `Unknown template variable ${unknown.join(", ")}; known variables: ${templateVariables.join(", ")}`,
    );
  }
  const rest = template.replace(placeholder, "");
  if (rest.includes("{{") || rest.includes("}}")) {
    throw badRequest("The template has unmatched {{ or }}; write variables as {{name}}");
  }
  return { template: canonical, variables };
}
