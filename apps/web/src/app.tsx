import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter, Route, Routes } from "react-router";
import { DashboardShell } from "./app-shell";
import { AuditPage } from "./pages/audit-page";
import { GrowthSection } from "./pages/growth/growth-section";
import { ImportPage } from "./pages/import-page";
import { InboxPage } from "./pages/inbox-page";
import { LoginPage } from "./pages/login-page";
import { NotFoundPage } from "./pages/not-found-page";
import { OverviewPage } from "./pages/overview-page";
import { PatternDetailPage } from "./pages/pattern-detail-page";
import { PatternsPage } from "./pages/patterns-page";
import { PlannedPage, plannedPages } from "./pages/planned-page";
import { PlaygroundPage } from "./pages/playground-page";
import { QueuePage } from "./pages/queue-page";
import { SettingsPage } from "./pages/settings-page";
import { RequireSession } from "./session";
import { theme } from "./theme";
import { queryClient } from "./trpc";

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route element={<RequireSession />}>
              <Route element={<DashboardShell />}>
                <Route index element={<OverviewPage />} />
                <Route path="inbox/:conversationId?" element={<InboxPage />} />
                <Route path="queue" element={<QueuePage />} />
                <Route path="patterns" element={<PatternsPage />} />
                <Route path="patterns/:patternId" element={<PatternDetailPage />} />
                <Route path="playground" element={<PlaygroundPage />} />
                <Route path="replay" element={<PlannedPage content={plannedPages.replay} />} />
                <Route path="growth/*" element={<GrowthSection />} />
                <Route path="import" element={<ImportPage />} />
                <Route path="settings" element={<SettingsPage />} />
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
