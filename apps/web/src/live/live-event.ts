// The live stream's events as the dashboard reads them, and which cached answers each makes stale.
import type { InboxEvent } from "@playbook/core";

/** The events the server sends (kind and ids, see packages/core/src/live/inbox-event.ts). */
export type LiveEvent = InboxEvent;

/** Groups of cached queries an event can make stale; `everything` after a gap in the stream. */
export type Refresh = {
  conversations: boolean;
  queue: boolean;
  settings: boolean;
  everything: boolean;
};

/** What each event makes stale. */
export function refreshFor(event: LiveEvent): Partial<Refresh> {
  switch (event.kind) {
    case "message":
    case "conversation":
      return { conversations: true };
    case "decision":
    case "queue":
      return { conversations: true, queue: true };
    case "settings":
      // The send-status banner lives under conversations; the kill switch changes settings.
      return { settings: true, conversations: true };
    case "alert":
      return {};
    case "resync":
      return { everything: true };
  }
}
