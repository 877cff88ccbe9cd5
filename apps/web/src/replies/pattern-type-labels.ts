// Readable names for pattern types; a Record, so a type added to the schema fails the build until it has one.
import type { PatternType } from "../reply-engine-types";

export const patternTypeLabels: Record<PatternType, string> = {
  booking: "Booking",
  tech_issue: "Tech issue",
  access: "Access",
  faq: "FAQ",
  gift_cards: "Gift cards",
  hours: "Hours",
  pricing: "Pricing",
  membership: "Membership",
  feedback: "Feedback",
  general: "General",
};

export const patternTypeOptions = (Object.keys(patternTypeLabels) as PatternType[]).map(
  (value) => ({ value, label: patternTypeLabels[value] }),
);

export function isPatternType(value: string | null): value is PatternType {
  return value !== null && Object.hasOwn(patternTypeLabels, value);
}
