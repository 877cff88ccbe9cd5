import { Loader, MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { RequireSession } from "./session";
import { theme } from "./theme";
import { queryClient } from "./trpc";

// Each page is its own chunk, fetched the first time it is opened: the first load carries the shell and one page,
// not the charts of Growth or the inbox's composer. (The shell shows a loader meanwhile; see DashboardShell.)
const page = <Name extends string>(
  load: () => Promise<Record<Name, React.ComponentType>>,
  name: Name,
) => lazy(async () => ({ default: (await load())[name] }));

// The shell (navigation, live updates, alerts) is a chunk of its own too: a visitor on the login page needs none of it.
// A signed-in visitor needs it at once, so outside the login page its fetch starts with the app, beside the session
// check, rather than after it.
const loadShell = () => import("./app-shell");
if (window.location.pathname !== "/login") void loadShell();
const DashboardShell = page(loadShell, "DashboardShell");
const LoginPage = page(() => import("./pages/login-page"), "LoginPage");
const OverviewPage = page(() => import("./pages/overview-page"), "OverviewPage");
const InboxPage = page(() => import("./pages/inbox-page"), "InboxPage");
const QueuePage = page(() => import("./pages/queue-page"), "QueuePage");
const PatternsPage = page(() => import("./pages/patterns-page"), "PatternsPage");
const PatternBuilderPage = page(() => import("./pages/pattern-builder-page"), "PatternBuilderPage");
const PatternDetailPage = page(() => import("./pages/pattern-detail-page"), "PatternDetailPage");
const PlaygroundPage = page(() => import("./pages/playground-page"), "PlaygroundPage");
const ReplayPage = page(() => import("./pages/replay-page"), "ReplayPage");
const ExperimentsPage = page(() => import("./pages/experiments-page"), "ExperimentsPage");
const ExperimentDetailPage = page(
  () => import("./pages/experiment-detail-page"),
  "ExperimentDetailPage",
);
const GrowthSection = page(() => import("./pages/growth/growth-section"), "GrowthSection");
const ImportPage = page(() => import("./pages/import-page"), "ImportPage");
const SettingsPage = page(() => import("./pages/settings-page"), "SettingsPage");
const StatusPage = page(() => import("./pages/status-page"), "StatusPage");
const AuditPage = page(() => import("./pages/audit-page"), "AuditPage");
const NotFoundPage = page(() => import("./pages/not-found-page"), "NotFoundPage");

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route
              path="/login"
              element={
                <Suspense fallback={<Loader aria-label="Loading the page" m="xl" />}>
                  <LoginPage />
                </Suspense>
              }
            />
            <Route element={<RequireSession />}>
              <Route
                element={
                  <Suspense fallback={<Loader aria-label="Loading the dashboard" m="xl" />}>
                    <DashboardShell />
                  </Suspense>
                }
              >
                <Route index element={<OverviewPage />} />
                <Route path="inbox/:conversationId?" element={<InboxPage />} />
                <Route path="queue" element={<QueuePage />} />
                <Route path="patterns" element={<PatternsPage />} />
                <Route path="patterns/new" element={<PatternBuilderPage />} />
                <Route path="patterns/:patternId" element={<PatternDetailPage />} />
                <Route path="playground" element={<PlaygroundPage />} />
                <Route path="replay" element={<ReplayPage />} />
                <Route path="experiments" element={<ExperimentsPage />} />
                <Route path="experiments/:experimentId" element={<ExperimentDetailPage />} />
                <Route path="growth/*" element={<GrowthSection />} />
                <Route path="import" element={<ImportPage />} />
                <Route path="settings" element={<SettingsPage />} />
                <Route path="status" element={<StatusPage />} />
                <Route path="audit" element={<AuditPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
