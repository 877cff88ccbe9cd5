// The dashboard's one tRPC client and query cache, and the session rules every call follows:
// the CSRF token rides on each request, and an UNAUTHORIZED answer means back to the login page.
import type { AppRouter } from "@playbook/api/router";
import { notifications } from "@mantine/notifications";
import { MutationCache, QueryCache, QueryClient, hashKey } from "@tanstack/react-query";
import {
  TRPCClientError,
  createTRPCClient,
  httpBatchLink,
  httpLink,
  isNonJsonSerializable,
  splitLink,
} from "@trpc/client";
import { createTRPCOptionsProxy, type inferOutput } from "@trpc/tanstack-react-query";

export function isTRPCClientError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}

function isUnauthorized(error: unknown): boolean {
  return isTRPCClientError(error) && error.data?.code === "UNAUTHORIZED";
}

// Client errors (4xx) will not change on a retry; network and server errors might.
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isTRPCClientError(error)) {
    const status = error.data?.httpStatus;
    if (status !== undefined && status < 500) return false;
  }
  return failureCount < 2;
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error) => {
      // A read answered UNAUTHORIZED: there is no session any more.
      if (isUnauthorized(error)) endSession({ expired: true });
    },
  }),
  mutationCache: new MutationCache({
    onError: (error) => {
      // A mutation may answer UNAUTHORIZED about its input (a wrong password at sign-in or when changing
      // it), so ask auth.me whether the session is still alive before leaving the page.
      if (isUnauthorized(error)) void confirmSession();
    },
  }),
  defaultOptions: {
    queries: { retry: shouldRetry, staleTime: 10_000 },
  },
});

// The CSRF token is kept in memory only, as part of the cached auth.me answer: auth.login writes it there, and
// after a page reload auth.me brings it back.
function csrfHeaders(): Record<string, string> {
  const token = readCsrfToken();
  return token ? { "x-csrf-token": token } : {};
}

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    // A form with a file (the history upload) cannot ride in a JSON batch: it goes alone, as multipart.
    splitLink({
      condition: (op) => isNonJsonSerializable(op.input),
      true: httpLink({ url: "/trpc", headers: csrfHeaders }),
      // The server refuses batches of more than 20 calls (MAX_BATCH_CALLS in apps/api/src/app.ts).
      false: httpBatchLink({ url: "/trpc", headers: csrfHeaders, maxItems: 20 }),
    }),
  ],
});

// One client per page, so the options proxy can be a module singleton rather than a React context.
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

export type Session = NonNullable<inferOutput<typeof trpc.auth.me>>;
export type SessionUser = Session["user"];
export type Role = SessionUser["role"];

function readSession(): Session | null {
  return queryClient.getQueryData(trpc.auth.me.queryKey()) ?? null;
}

function readCsrfToken(): string | null {
  return readSession()?.csrfToken ?? null;
}

/** Starts a session in the cache: drops anything cached for a previous user, then stores the new one. */
export function startSession(session: Session): void {
  const meHash = hashKey(trpc.auth.me.queryKey());
  queryClient.removeQueries({ predicate: (query) => query.queryHash !== meHash });
  queryClient.setQueryData(trpc.auth.me.queryKey(), session);
}

/** Ends the session in the cache; the router then shows the login page. */
export function endSession({ expired }: { expired: boolean }): void {
  const wasSignedIn = readSession() !== null;
  void queryClient.cancelQueries();
  queryClient.setQueryData(trpc.auth.me.queryKey(), null);
  if (expired && wasSignedIn) notifySessionEnded();
}

async function confirmSession(): Promise<void> {
  const wasSignedIn = readSession() !== null;
  if (!wasSignedIn) return;
  try {
    const session = await queryClient.fetchQuery({ ...trpc.auth.me.queryOptions(), staleTime: 0 });
    // auth.me answering null has already put the login page up through the cache.
    if (!session) notifySessionEnded();
  } catch {
    // The server could not be asked; the failed mutation already shows its own error.
  }
}

function notifySessionEnded(): void {
  notifications.show({
    color: "yellow",
    title: "Signed out",
    message: "Your session has ended. Sign in again to continue.",
  });
}
