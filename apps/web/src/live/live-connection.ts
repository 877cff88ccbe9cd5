// The dashboard's live stream (GET /events, Server-Sent Events): what changed reaches the page as it commits, and
// the queries that show it are refetched. While the stream is down, pages poll as before (usePollingFallback).
import { useSyncExternalStore } from "react";
import { queryClient, trpc } from "../trpc";
import { refreshFor, type LiveEvent, type Refresh } from "./live-event";

const RECONNECT_MS = 5_000;
/** Events within this window cause one refetch, not one each. */
const INVALIDATE_DEBOUNCE_MS = 50;

let connected = false;
const connectionListeners = new Set<() => void>();
const alertListeners = new Set<(event: Extract<LiveEvent, { kind: "alert" }>) => void>();

function setConnected(value: boolean) {
  if (connected === value) return;
  connected = value;
  for (const listener of connectionListeners) listener();
}

/** Whether the live stream is open now. */
export function useLiveConnected(): boolean {
  return useSyncExternalStore(
    (listener) => {
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
    },
    () => connected,
  );
}

/** A query's refetch interval: none while live updates arrive, `ms` while the stream is down. */
export function usePollingFallback(ms: number): number | false {
  return useLiveConnected() ? false : ms;
}

/** Told of every alert event (for the browser's notifications). */
export function onLiveAlert(listener: (event: Extract<LiveEvent, { kind: "alert" }>) => void) {
  alertListeners.add(listener);
  return () => {
    alertListeners.delete(listener);
  };
}

let refresh: Refresh = { conversations: false, queue: false, settings: false, everything: false };
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

function scheduleRefresh(change: Partial<Refresh>) {
  refresh = { ...refresh, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v)) };
  refreshTimer ??= setTimeout(() => {
    refreshTimer = undefined;
    const { conversations, queue, settings, everything } = refresh;
    refresh = { conversations: false, queue: false, settings: false, everything: false };
    if (everything) {
      void queryClient.invalidateQueries();
      return;
    }
    // Only queries on screen refetch; the rest are marked stale and refetch when shown.
    if (conversations)
      void queryClient.invalidateQueries({ queryKey: trpc.conversations.pathKey() });
    if (queue) void queryClient.invalidateQueries({ queryKey: trpc.queue.pathKey() });
    if (settings) void queryClient.invalidateQueries({ queryKey: trpc.config.pathKey() });
  }, INVALIDATE_DEBOUNCE_MS);
}

function receive(data: string) {
  let events: LiveEvent[];
  try {
    events = JSON.parse(data) as LiveEvent[];
  } catch {
    return;
  }
  for (const event of events) {
    scheduleRefresh(refreshFor(event));
    if (event.kind === "alert") for (const listener of alertListeners) listener(event);
  }
}

/** Opens the stream and keeps it open until the returned function is called (sign-out, unmount). */
export function connectLive(url = "/events"): () => void {
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let opened = false;

  const open = () => {
    retry = undefined;
    if (stopped) return;
    source = new EventSource(url, { withCredentials: true });
    source.addEventListener("ready", () => {
      setConnected(true);
      // Whatever changed while the stream was down (or before it first opened) is refetched once.
      if (opened) scheduleRefresh({ everything: true });
      opened = true;
    });
    source.addEventListener("inbox", (message) => receive((message as MessageEvent<string>).data));
    source.addEventListener("error", () => {
      setConnected(false);
      // The browser retries a dropped stream by itself; an answer such as 401 or 502 closes it for good.
      if (source?.readyState === EventSource.CLOSED && !stopped && !retry) {
        retry = setTimeout(open, RECONNECT_MS);
      }
    });
  };
  open();

  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    source?.close();
    setConnected(false);
  };
}
