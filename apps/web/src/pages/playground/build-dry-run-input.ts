// Turns the playground form into a playground.test request: blanks left out, overrides only when chosen.
import type { DryRunInput } from "../../reply-engine-types";

/** "record" uses what is stored for the customer (or false for an unknown number). */
export type FlagChoice = "record" | "yes" | "no";

export interface PlaygroundForm {
  text: string;
  customerPhone: string;
  customerName: string;
  vip: FlagChoice;
  optedOut: FlagChoice;
  /** A datetime-local value ("2026-03-01T10:30"), read in the browser's time zone; blank for now. */
  at: string;
}

export const emptyPlaygroundForm: PlaygroundForm = {
  text: "",
  customerPhone: "",
  customerName: "",
  vip: "record",
  optedOut: "record",
  at: "",
};

export type BuildResult = { ok: true; input: DryRunInput } | { ok: false; error: string };

const flagValue = (choice: FlagChoice) => (choice === "record" ? undefined : choice === "yes");

export function buildDryRunInput(form: PlaygroundForm): BuildResult {
  const text = form.text.trim();
  if (text === "") return { ok: false, error: "Type a customer message to test." };
  let at: string | undefined;
  if (form.at.trim() !== "") {
    const date = new Date(form.at);
    if (Number.isNaN(date.getTime())) return { ok: false, error: "The time is not a valid date." };
    at = date.toISOString();
  }
  const phone = form.customerPhone.trim();
  const name = form.customerName.trim();
  const isVip = flagValue(form.vip);
  const optedOut = flagValue(form.optedOut);
  return {
    ok: true,
    input: {
      text,
      ...(phone ? { customerPhone: phone } : {}),
      ...(name ? { customerName: name } : {}),
      ...(isVip === undefined ? {} : { isVip }),
      ...(optedOut === undefined ? {} : { optedOut }),
      ...(at ? { at } : {}),
    },
  };
}
