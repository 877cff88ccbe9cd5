// The dashboard's Growth section: one page with tabs for the ladder, contractors, refreshes, the import and the
// settings; a transition and a contractor open as their own pages under it.
import "@mantine/charts/styles.css";
import { Tabs } from "@mantine/core";
import { Route, Routes, useLocation, useNavigate } from "react-router";
import { NotFoundPage } from "../not-found-page";
import { PageHeader } from "../../page-header";
import { ContractorPage } from "./contractor-page";
import { ContractorsList } from "./contractors-list";
import { GrowthImportView } from "./growth-import-view";
import { GrowthSettingsView } from "./growth-settings-view";
import { growthPath } from "./growth-types";
import { LadderView } from "./ladder-view";
import { RefreshesView } from "./refreshes-view";
import { TransitionPage } from "./transition-page";

const tabs = [
  { value: growthPath.ladder, label: "Ladder" },
  { value: growthPath.contractors, label: "Contractors" },
  { value: growthPath.refreshes, label: "Refreshes" },
  { value: growthPath.import, label: "Import" },
  { value: growthPath.settings, label: "Settings" },
];

function activeTab(pathname: string): string {
  const match = tabs
    .slice(1)
    .find((t) => pathname === t.value || pathname.startsWith(`${t.value}/`));
  return match?.value ?? growthPath.ladder;
}

export function GrowthSection() {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader
        title="Growth"
        description="What contractors who moved up a revenue tier had in common and how long it took, turned into goals, recommendations and timelines for each contractor."
      />
      <Tabs
        value={activeTab(location.pathname)}
        onChange={(value) => value && void navigate(value)}
        mb="lg"
      >
        <Tabs.List>
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Routes>
        <Route index element={<LadderView />} />
        <Route path="transitions/:fromTier" element={<TransitionPage />} />
        <Route path="contractors" element={<ContractorsList />} />
        <Route path="contractors/:contractorId" element={<ContractorPage />} />
        <Route path="refreshes" element={<RefreshesView />} />
        <Route path="import" element={<GrowthImportView />} />
        <Route path="settings" element={<GrowthSettingsView />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </>
  );
}
