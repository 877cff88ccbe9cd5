// Checks the `{{variable}}` placeholders of a reply template written by hand, with the checker every template
// passes (learning/check-template), and turns a bad one into a BAD_REQUEST.
import { badRequest } from "../errors";
import { checkReplyTemplate, type ParsedTemplate } from "../learning/check-template";

export { checkReplyTemplate, type ParsedTemplate } from "../learning/check-template";

/** `checkReplyTemplate` for requests: a bad template is a BAD_REQUEST. */
export function parseReplyTemplate(template: string): ParsedTemplate {
  const checked = checkReplyTemplate(template);
  if (!checked.ok) throw badRequest(checked.reason);
  return checked.parsed;
}
