// Who is signed in: the auth.me answer, a gate that sends signed-out visitors to the login page,
// and the signed-in user for every page behind it.
import { Alert, Button, Center, Loader, Stack } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { createContext, use } from "react";
import { Navigate, Outlet, useLocation } from "react-router";
import { describeError } from "./describe-error";
import { trpc, type Role, type SessionUser } from "./trpc";

const CurrentUserContext = createContext<SessionUser | null>(null);

export function useSessionQuery() {
  return useQuery(trpc.auth.me.queryOptions());
}

/** The signed-in user; only for components rendered behind `RequireSession`. */
export function useCurrentUser(): SessionUser {
  const user = use(CurrentUserContext);
  if (!user) throw new Error("useCurrentUser() used outside <RequireSession>");
  return user;
}

export function isAdmin(user: SessionUser): boolean {
  return user.role === "admin";
}

// The same ranking the API's procedures use: each role can do everything the ones below it can.
const roleRank: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** Whether the user's role reaches `minimum`; the server checks the same on every call. */
export function hasRole(user: SessionUser, minimum: Role): boolean {
  return roleRank[user.role] >= roleRank[minimum];
}

/** Operators and admins act on suggestions, the queue and patterns; viewers only look. */
export function canOperate(user: SessionUser): boolean {
  return hasRole(user, "operator");
}

export function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}

export function RequireSession() {
  const location = useLocation();
  const session = useSessionQuery();

  if (session.data) {
    return (
      <CurrentUserContext value={session.data.user}>
        <Outlet />
      </CurrentUserContext>
    );
  }
  if (session.isPending) return <FullPageLoader />;
  if (session.isError) {
    return (
      <Center h="100vh" p="md">
        <Stack maw={420}>
          <Alert color="red" title="Playbook is not reachable" icon={<IconAlertTriangle />}>
            {describeError(session.error)}
          </Alert>
          <Button onClick={() => void session.refetch()} loading={session.isFetching}>
            Try again
          </Button>
        </Stack>
      </Center>
    );
  }
  return (
    <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />
  );
}
