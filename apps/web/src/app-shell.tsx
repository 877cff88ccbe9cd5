// The frame around every signed-in page: header with the user and sign-out, navbar with the sections.
import {
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  Loader,
  NavLink,
  ScrollArea,
  Text,
  ThemeIcon,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconLogout, IconPlayerPlay } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { Suspense } from "react";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { useEffect } from "react";
import { describeError } from "./describe-error";
import { BrowserAlertsButton, useBrowserAlerts } from "./live/browser-alerts";
import { connectLive } from "./live/live-connection";
import { LiveStatus } from "./live/live-status";
import { navGroups, type NavItem } from "./navigation";
import { InboxCountBadge } from "./pages/inbox/inbox-count-badge";
import { SendStatusBanner } from "./pages/inbox/send-status-banner";
import { RoleBadge } from "./role-badge";
import { hasRole, useCurrentUser } from "./session";
import { endSession, trpc } from "./trpc";

function isActive(item: NavItem, pathname: string): boolean {
  return item.path === "/" ? pathname === "/" : pathname.startsWith(item.path);
}

export function DashboardShell() {
  const user = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const [navbarOpened, navbar] = useDisclosure(false);
  // One live stream per signed-in tab; it closes on sign-out, when the shell unmounts.
  useEffect(() => connectLive(), []);
  useBrowserAlerts();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: () => {
        endSession({ expired: false });
        void navigate("/login", { replace: true });
      },
      onError: (error) =>
        notifications.show({
          color: "red",
          title: "Sign-out failed",
          message: describeError(error),
        }),
    }),
  );

  const visibleGroups = navGroups
    .map((group) => ({
      ...group,
      items: group.items.filter((item) => hasRole(user, item.minRole)),
    }))
    .filter((group) => group.items.length > 0);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !navbarOpened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navbarOpened}
              onClick={navbar.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <ThemeIcon size={30} radius="md" variant="filled">
              <IconPlayerPlay size={18} />
            </ThemeIcon>
            <Text fw={700} size="lg">
              Playbook
            </Text>
          </Group>
          <Group gap="md" wrap="nowrap">
            <Group gap="xs" wrap="nowrap" visibleFrom="xs" data-testid="signed-in-user">
              <Text size="sm" fw={500}>
                {user.name}
              </Text>
              <RoleBadge role={user.role} />
            </Group>
            <LiveStatus />
            <BrowserAlertsButton />
            <Button
              variant="default"
              size="xs"
              leftSection={<IconLogout size={16} />}
              onClick={() => logout.mutate()}
              loading={logout.isPending}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {visibleGroups.map((group) => (
            <div key={group.label ?? "home"}>
              {group.label && (
                <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
                  {group.label}
                </Text>
              )}
              {group.items.map((item) => (
                <NavLink
                  key={item.path}
                  component={Link}
                  to={item.path}
                  label={item.label}
                  leftSection={<item.icon size={18} stroke={1.6} />}
                  rightSection={
                    item.planned ? (
                      <Badge size="xs" variant="light" color="gray">
                        Soon
                      </Badge>
                    ) : item.path === "/inbox" ? (
                      <InboxCountBadge />
                    ) : null
                  }
                  active={isActive(item, location.pathname)}
                  onClick={navbar.close}
                  styles={{ root: { borderRadius: "var(--mantine-radius-md)" } }}
                />
              ))}
            </div>
          ))}
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" py="xs" truncate>
            {user.email}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="gray.0">
        <SendStatusBanner />
        {/* Pages load on first visit: a loader stands in for the moment the page's chunk takes. */}
        <Suspense fallback={<Loader aria-label="Loading the page" m="xl" />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
