// What the inbox shows, kept in the URL so a filter survives a reload and can be shared:
// ?view=all for every conversation (else the work queue), ?reason= and ?q= for the work queue,
// ?status=, ?show= and ?phone= (one customer's) for the list of all conversations.
import { workReasons, type WorkReason } from "./work-reasons";

export type InboxView = "work" | "all";
export type AllConversationsShow = "all" | "awaiting" | "escalated";
export type ConversationStatusFilter = "any" | "open" | "closed";

export interface InboxLocation {
  view: InboxView;
  reason: WorkReason | null;
  q: string;
  show: AllConversationsShow;
  status: ConversationStatusFilter;
  /** Only this customer's conversations (the list of all conversations). */
  phone: string;
}

const shows: AllConversationsShow[] = ["all", "awaiting", "escalated"];
const statuses: ConversationStatusFilter[] = ["any", "open", "closed"];

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return values.find((v) => v === value) ?? fallback;
}

export function readInboxLocation(params: URLSearchParams): InboxLocation {
  return {
    view: params.get("view") === "all" ? "all" : "work",
    reason: workReasons.find((r) => r === params.get("reason")) ?? null,
    q: (params.get("q") ?? "").slice(0, 100),
    show: oneOf(shows, params.get("show"), "all"),
    status: oneOf(statuses, params.get("status"), "any"),
    phone: (params.get("phone") ?? "").slice(0, 40),
  };
}

/** The query string for a location; defaults are left out so the plain inbox is just `/inbox`. */
export function writeInboxLocation(location: InboxLocation): string {
  const params = new URLSearchParams();
  if (location.view === "all") {
    params.set("view", "all");
    if (location.show !== "all") params.set("show", location.show);
    if (location.status !== "any") params.set("status", location.status);
    if (location.phone !== "") params.set("phone", location.phone);
  } else if (location.reason) {
    params.set("reason", location.reason);
  }
  if (location.q.trim() !== "" && location.view === "work") params.set("q", location.q.trim());
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}
