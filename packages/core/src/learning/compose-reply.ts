// The reply a customer gets: the pattern's answer between the business's greeting and sign-off, with the
// customer's first name where it is known and left out (with its comma) where it is not.
import { renderTemplate, type RenderedTemplate } from "./render-template";

const NAME_PLACEHOLDER = /\{\{\s{0,3}customer_name\s{0,3}\}\}/g;
// "Hi {{customer_name}}," → "Hi,"; "Thanks {{customer_name}}!" → "Thanks!"; ", {{customer_name}}" → "".
const NAME_WITH_SPACE = /[ \t]{0,3},?[ \t]{0,3}\{\{\s{0,3}customer_name\s{0,3}\}\}/g;

function withoutName(template: string): string {
  return template.replace(NAME_WITH_SPACE, "").replace(NAME_PLACEHOLDER, "");
}

export type ComposeReplyInput = {
  /** The pattern's answer template. */
  template: string;
  /** Values for its variables (the pattern's defaults). */
  values: Readonly<Record<string, string>>;
  customerName: string | null;
  greeting: string;
  signOff: string;
};

/** Fills the answer and frames it; an unknown customer name never leaves a blank that blocks the reply. */
export function composeReply(input: ComposeReplyInput): RenderedTemplate {
  const first = input.customerName?.trim().split(/\s+/)[0] ?? "";
  const named = first !== "";
  const frame = (text: string) => (named ? text : withoutName(text)).trim();
  const parts = [frame(input.greeting), frame(input.template), frame(input.signOff)].filter(
    (part) => part !== "",
  );
  return renderTemplate(parts.join(" "), {
    ...input.values,
    ...(named ? { customer_name: first } : {}),
  });
}
